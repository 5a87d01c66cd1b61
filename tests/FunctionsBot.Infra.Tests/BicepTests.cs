using System.Reflection;
using System.Text.Json.Nodes;
using FunctionsBot.Testing;

namespace FunctionsBot.Infra.Tests;

/// <summary>infra/ builds and lints offline with the real bicep, and says what DESIGN.md asks of it.</summary>
public sealed class BicepTests
{
    private static readonly string Infra = Path.Combine(RepoPaths.Root, "infra");

    [Fact]
    public async Task Lint_MainBicep_NoWarningsOrErrors()
    {
        var (exitCode, output) = await BicepAsync("lint", Path.Combine(Infra, "main.bicep"));

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("Warning", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Error", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_MainBicep_FlexAppWithIdentityOnlyStorage()
    {
        var template = await BuildAsync();
        var resources = template.SelectMany(Resources).ToList();

        var storage = resources.Single(r => (string)r["type"]! == "Microsoft.Storage/storageAccounts");
        Assert.False((bool)storage["properties"]!["allowSharedKeyAccess"]!);
        Assert.False((bool)storage["properties"]!["allowBlobPublicAccess"]!);

        var plan = resources.Single(r => (string)r["type"]! == "Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string)plan["sku"]!["name"]!);

        var site = resources.Single(r => (string)r["type"]! == "Microsoft.Web/sites");
        var runtime = site["properties"]!["functionAppConfig"]!["runtime"]!;
        Assert.Equal("dotnet-isolated", (string)runtime["name"]!);
        Assert.Equal("10.0", (string)runtime["version"]!);
        Assert.Equal(512, (int)site["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["instanceMemoryMB"]!); // docs/cost.md
        var appSettings = (string)site["properties"]!["siteConfig"]!["appSettings"]!;
        Assert.Contains("'AzureWebJobsStorage__credential', 'value', 'managedidentity'", appSettings, StringComparison.Ordinal);
        Assert.Contains("items(parameters('botSettings'))", appSettings, StringComparison.Ordinal);
        var botSettings = template[0]["variables"]!["botSettings"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("TradeCycle__Schedule", botSettings);
        Assert.Contains("Reconcile__Schedule", botSettings);
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", appSettings, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", template[0].ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Build_MainBicep_TagsTheFunctionAppWithTheAzureYamlService()
    {
        var template = await BuildAsync();
        var site = template.SelectMany(Resources).Single(r => (string)r["type"]! == "Microsoft.Web/sites");
        var azureYaml = File.ReadAllLines(Path.Combine(RepoPaths.Root, "azure.yaml"));

        Assert.Contains("createObject('azd-service-name', 'api')", (string)site["tags"]!, StringComparison.Ordinal);
        Assert.Contains("  api:", azureYaml);
        Assert.Contains("    project: ./src/FunctionsBot.Functions", azureYaml);
        Assert.Contains("    host: function", azureYaml);
    }

    [Fact]
    public async Task Build_MainBicep_LeastPrivilege_NoQueue_ReaderRolesForThePerson_PrincipalTypeAndAzdVersionSet()
    {
        const string QueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
        const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
        const string BlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
        const string TableDataReader = "76199698-9eea-4c19-bc75-cec21354c6b6";
        const string SecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
        var compiled = (await BuildAsync()).Single();
        var text = compiled.ToJsonString();
        var rbac = Resources(compiled).Single(r => (string?)r["name"] == "rbac")["properties"]!["template"]!;
        var roles = rbac["variables"]!["roles"]!;
        string[] Granted(string list) => ((JsonArray)rbac["variables"]![list]!).Select(r => (string)roles[((string)r!).Split('.')[^1].TrimEnd(']')]!).ToArray();
        var assignments = Resources(rbac).Select(r => ((string?)r["properties"]?["roleDefinitionId"], (string?)r["copy"]?["count"])).ToList();

        // The app: blob owner and table contributor, no queue; the person: readers on storage and Secrets Officer on the vault.
        Assert.DoesNotContain(QueueDataContributor, text, StringComparison.Ordinal);
        Assert.DoesNotContain("queueServiceUri", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(BlobDataOwner, Granted("storageRoles"));
        Assert.Equal([BlobDataReader, TableDataReader], Granted("userStorageRoles"));
        Assert.Contains(assignments, a => a.Item2 == "[length(variables('userStorageRoles'))]" && a.Item1!.Contains("variables('userStorageRoles')", StringComparison.Ordinal));
        Assert.Equal(SecretsOfficer, (string)roles["keyVaultSecretsOfficer"]!);
        Assert.Contains(assignments, a => a.Item1!.Contains("keyVaultSecretsOfficer", StringComparison.Ordinal));

        var parameters = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Infra, "main.parameters.json"), TestContext.Current.CancellationToken))!["parameters"]!;
        Assert.Equal("${AZURE_PRINCIPAL_TYPE=User}", (string)parameters["principalType"]!["value"]!);
        // azd 1.17.1 is the first that fills AZURE_PRINCIPAL_TYPE: an older one would assign a service principal's roles as a User's.
        Assert.Contains("azd: \">= 1.17.1\"", await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "azure.yaml"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.DoesNotContain("ftpsState", text, StringComparison.Ordinal); // not supported on Flex Consumption
    }

    [Fact]
    public async Task Build_MainBicep_EveryBotSettingIsAParameterMappedForAzd_NoSecretAmongThem()
    {
        var template = (await BuildAsync()).Single();
        var parameters = template["parameters"]!.AsObject().Select(p => p.Key).ToList();
        var mapped = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Infra, "main.parameters.json"), TestContext.Current.CancellationToken))!["parameters"]!.AsObject();
        var botSettings = template["variables"]!["botSettings"]!.AsObject();

        // Every parameter of main.bicep is set from the azd environment, so `azd provision` re-applies what `azd env set` stored.
        Assert.All(parameters, p => Assert.True(mapped.ContainsKey(p), $"main.parameters.json does not map '{p}'"));

        // Every setting docs/configuration.md lists is one of them, so the next provision never drops a value set in the
        // portal (a lost Lock__LeaseSeconds fails start-up); only the secrets and local-only settings are not.
        var documented = DocumentedSettings(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "configuration.md"), TestContext.Current.CancellationToken));
        Assert.Contains("Lock__LeaseSeconds", documented);
        Assert.True(documented.Count > 50, $"only {documented.Count} settings read from the tables");
        Assert.All(documented.Except(NotParameters), setting => Assert.True(botSettings.ContainsKey(setting), $"docs/configuration.md lists {setting}, which main.bicep does not map"));
        Assert.DoesNotContain(botSettings, s => NotParameters.Contains(s.Key));

        // The webhook URL (often with a token in it) is a secure parameter: a secret in the vault, a reference in the app.
        Assert.Equal("securestring", (string)template["parameters"]!["alertsWebhookUrl"]!["type"]!);
        var functions = Resources(template).Single(r => (string?)r["name"] == "functions")["properties"]!["parameters"]!;
        var appSettings = (string)functions["botSettings"]!["value"]!;
        Assert.Contains("Alerts__WebhookUrl", appSettings, StringComparison.Ordinal);
        Assert.Contains("@Microsoft.KeyVault(VaultName={0};SecretName=alerts-webhook-url)", appSettings, StringComparison.Ordinal);
        var vault = Resources(template).Single(r => (string?)r["name"] == "keyvault")["properties"]!;
        Assert.Equal("[parameters('alertsWebhookUrl')]", (string)vault["parameters"]!["alertsWebhookUrl"]!["value"]!);
        var secret = Resources(vault["template"]!).Single(r => (string)r["type"]! == "Microsoft.KeyVault/vaults/secrets");
        Assert.Equal("[not(empty(parameters('alertsWebhookUrl')))]", (string)secret["condition"]!);
        Assert.All(botSettings, s => Assert.Matches(@"^\[parameters\('[a-zA-Z]+'\)\]$", (string)s.Value!));
        Assert.All(botSettings, s => Assert.True(mapped.ContainsKey(((string)s.Value!)[13..^3]), s.Key));
    }

    [Fact]
    public async Task Build_MainBicep_KeyVaultAuditEventsToLogAnalytics_OptionalStaticOutboundIpThroughANatGateway()
    {
        var template = (await BuildAsync()).Single();
        var vault = Resources(template).Single(r => (string?)r["name"] == "keyvault")["properties"]!;
        var diagnostics = Resources(vault["template"]!).Single(r => (string)r["type"]! == "Microsoft.Insights/diagnosticSettings")["properties"]!;
        Assert.Equal("AuditEvent", (string)diagnostics["logs"]![0]!["category"]!);
        Assert.True((bool)diagnostics["logs"]![0]!["enabled"]!);
        Assert.Contains("logAnalyticsWorkspaceId", (string)vault["parameters"]!["logAnalyticsWorkspaceId"]!["value"]!, StringComparison.Ordinal);

        // USE_STATIC_OUTBOUND_IP: off by default; on, a NAT gateway with a static IP behind the app's delegated subnet.
        Assert.False((bool)template["parameters"]!["useStaticOutboundIp"]!["defaultValue"]!);
        var network = Resources(template).Single(r => (string?)r["name"] == "network");
        Assert.Equal("[parameters('useStaticOutboundIp')]", (string)network["condition"]!);
        var parts = Resources(network["properties"]!["template"]!).ToDictionary(r => (string)r["type"]!, r => r["properties"]!);
        Assert.Equal("Static", (string)parts["Microsoft.Network/publicIPAddresses"]["publicIPAllocationMethod"]!);
        var subnet = parts["Microsoft.Network/virtualNetworks"]["subnets"]![0]!["properties"]!;
        Assert.Equal("Microsoft.App/environments", (string)subnet["delegations"]![0]!["properties"]!["serviceName"]!);
        Assert.Contains("natGateways", (string)subnet["natGateway"]!["id"]!, StringComparison.Ordinal);
        var functions = Resources(template).Single(r => (string?)r["name"] == "functions")["properties"]!;
        Assert.Contains("outputs.subnetId", (string)functions["parameters"]!["subnetId"]!, StringComparison.Ordinal); // the network module's subnet when on, else none
        var site = Resources(functions["template"]!).Single(r => (string)r["type"]! == "Microsoft.Web/sites")["properties"]!;
        Assert.Equal("[if(empty(parameters('subnetId')), null(), parameters('subnetId'))]", (string)site["virtualNetworkSubnetId"]!);
        Assert.Contains("outboundIp", (string)template["outputs"]!["AZURE_OUTBOUND_IP"]!["value"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void DocumentedSettings_ReadFromTheTables_TheCheckAboveWouldSeeAMissingOne()
    {
        const string Table = "| Setting | Default | Range |\n|---|---|---|\n| `Lock__LeaseSeconds` | `60` | 15–60 |\n| `Alerts__Telegram__ChatId` | unset | … |\n";

        Assert.Equal(["Lock__LeaseSeconds", "Alerts__Telegram__ChatId"], DocumentedSettings(Table));
    }

    /// <summary>Settings that are not parameters of main.bicep, each for a reason: secrets (Key Vault holds them), set by the template itself, or local only.</summary>
    private static readonly HashSet<string> NotParameters =
    [
        "Binance__ApiKey", "Binance__ApiSecret", "Alerts__Telegram__BotToken", // secrets: Key Vault
        "KeyVault__Uri", // the template sets it to the vault it creates
        "Alerts__WebhookUrl", // a secure parameter, stored in Key Vault and set as a Key Vault reference (checked below)
        "DevHost__FunctionKey", "Alerts__Telegram__ApiBaseUrl", // local runs and tests
    ];

    /// <summary>The settings named in the first column of the tables of docs/configuration.md (<c>| `Section__Name` |</c>).</summary>
    private static List<string> DocumentedSettings(string markdown) =>
        [.. System.Text.RegularExpressions.Regex.Matches(markdown, @"^\| `([A-Za-z]+(?:__[A-Za-z]+)+)`", System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => m.Groups[1].Value).Distinct()];

    [Fact]
    public async Task Build_MainBicep_VaultNameCanBeSaltedAndASoftDeletedVaultRecovered_SoDownThenUpWorks()
    {
        var template = (await BuildAsync()).Single();
        var module = Resources(template).Single(r => (string?)r["name"] == "keyvault")["properties"]!;
        var vault = Resources(module["template"]!).Single(r => (string)r["type"]! == "Microsoft.KeyVault/vaults")["properties"]!;

        Assert.Equal("[format('kv-{0}{1}', take(variables('resourceToken'), 13), parameters('keyVaultNameSuffix'))]", (string)module["parameters"]!["name"]!["value"]!);
        Assert.Equal("[parameters('keyVaultRecover')]", (string)module["parameters"]!["recover"]!["value"]!);
        Assert.Equal("[if(parameters('recover'), 'recover', 'default')]", (string)vault["createMode"]!);
        Assert.True((bool)vault["enablePurgeProtection"]!);
        Assert.Equal(8, (int)template["parameters"]!["keyVaultNameSuffix"]!["maxLength"]!);
    }

    [Fact]
    public async Task Build_MainBicep_ActionGroupAvailabilityTestAlertRulesAndWorkbook()
    {
        var template = (await BuildAsync()).Single();
        var module = Resources(template).Single(r => (string?)r["name"] == "observability")["properties"]!;
        var resources = Resources(module["template"]!).ToList();
        JsonNode One(string type) => resources.Single(r => (string)r["type"]! == type);

        // The action group mails the operator and posts to the bot's alert webhook, each when set.
        var group = One("Microsoft.Insights/actionGroups")["properties"]!;
        Assert.Contains("parameters('alertEmail')", (string)group["emailReceivers"]!, StringComparison.Ordinal);
        Assert.Contains("parameters('alertWebhookUrl')", (string)group["webhookReceivers"]!, StringComparison.Ordinal);
        Assert.Equal("[parameters('alertEmail')]", (string)module["parameters"]!["alertEmail"]!["value"]!);
        Assert.Equal("[parameters('alertsWebhookUrl')]", (string)module["parameters"]!["alertWebhookUrl"]!["value"]!);

        // A standard availability test on the anonymous health endpoint, and a metric alert on its failures.
        var test = One("Microsoft.Insights/webtests");
        Assert.Equal("standard", (string)test["kind"]!);
        Assert.Equal("[format('{0}/api/health', parameters('appUrl'))]", (string)test["properties"]!["Request"]!["RequestUrl"]!);
        Assert.Equal(200, (int)test["properties"]!["ValidationRules"]!["ExpectedHttpStatusCode"]!);
        Assert.True(((JsonArray)test["properties"]!["Locations"]!).Count >= 5);
        var availability = One("Microsoft.Insights/metricAlerts")["properties"]!;
        Assert.Equal("Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria", (string)availability["criteria"]!["odata.type"]!);

        // One log alert per condition, each on the bot's metrics, each to the action group.
        var rules = ((JsonArray)module["template"]!["variables"]!["logRules"]!).Select(r => r!).ToDictionary(r => (string)r["name"]!, r => (string)r["query"]!);
        Assert.Equal(["no-cycle", "cycle-failures", "kill-switch", "breaker-open", "reconcile-mismatch", "alert-send-failures", "host-exceptions", "failed-requests"], rules.Keys);
        Assert.Contains("functionsbot.alerts.send_failures", rules["alert-send-failures"], StringComparison.Ordinal);
        Assert.Contains("exceptions | ", rules["host-exceptions"], StringComparison.Ordinal);
        Assert.Contains("requests | ", rules["failed-requests"], StringComparison.Ordinal);

        // Ingestion delay: every rule skips the last 5 minutes and looks back at least 10 settled minutes.
        var windows = ((JsonArray)module["template"]!["variables"]!["logRules"]!).Select(r => (string)r!["window"]!).ToList();
        var variables = module["template"]!["variables"]!;
        Assert.Equal(5, (int)variables["ingestionDelayMinutes"]!);
        Assert.Equal("[format('where timestamp < ago({0}m)', variables('ingestionDelayMinutes'))]", (string)variables["settled"]!);
        Assert.All(rules.Values, q => Assert.Matches(@"variables\('settled'\)|ago\(\{\d\}m\).*variables\('ingestionDelayMinutes'\)", q));
        Assert.All(windows, w => Assert.True(w is "PT15M" or "P1D", w));

        // The expected gap between cycles is the app's own reading of TradeCycle__Schedule, never a second setting kept in step.
        Assert.Contains("functionsbot.cycle.interval_seconds", rules["no-cycle"], StringComparison.Ordinal);
        Assert.DoesNotContain("cycleIntervalMinutes", module.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("functionsbot.cycles", rules["no-cycle"], StringComparison.Ordinal);
        Assert.Contains("Completed", rules["no-cycle"], StringComparison.Ordinal);
        Assert.Contains("Failed", rules["cycle-failures"], StringComparison.Ordinal);
        Assert.Contains("functionsbot.killswitch.state", rules["kill-switch"], StringComparison.Ordinal);
        Assert.Contains("functionsbot.breaker.state", rules["breaker-open"], StringComparison.Ordinal);
        Assert.Contains("functionsbot.reconcile.differences", rules["reconcile-mismatch"], StringComparison.Ordinal);
        var logAlerts = One("Microsoft.Insights/scheduledQueryRules");
        Assert.Equal("[length(variables('logRules'))]", (string)logAlerts["copy"]!["count"]!);
        Assert.Contains("actionGroups", logAlerts["properties"]!["actions"]!.ToJsonString(), StringComparison.Ordinal);

        // The workbook draws PnL per day, positions, refusals by code, cycle outcomes and durations, and exchange weight.
        var workbook = One("Microsoft.Insights/workbooks");
        Assert.Equal("shared", (string)workbook["kind"]!);
        var panels = ((JsonArray)module["template"]!["variables"]!["workbookQueries"]!).Select(q => (string)q!["query"]!).ToList();
        foreach (var metric in new[] { "functionsbot.pnl.daily_realized", "functionsbot.positions.open", "RiskRefused", "functionsbot.cycles", "functionsbot.cycle.duration", "functionsbot.exchange.weight_used" })
        {
            Assert.Contains(panels, q => q.Contains(metric, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Build_MainBicep_FlexRegionsOnly_AzdAsksForOne_AppServiceAuthenticationStripsForgedPrincipals()
    {
        var template = (await BuildAsync()).Single();
        var location = template["parameters"]!["location"]!;
        var allowed = ((JsonArray)location["allowedValues"]!).Select(v => (string)v!).ToList();
        Assert.Contains("eastus", allowed);
        Assert.Contains("westeurope", allowed);
        Assert.DoesNotContain("eastus2euap", allowed);
        Assert.Equal("location", (string)location["metadata"]!["azd"]!["type"]!);

        var auth = Resources(template).Single(r => (string)r["type"]! == "Microsoft.Web/sites/config");
        Assert.Contains("authsettingsV2", (string)auth["name"]!, StringComparison.Ordinal);
        Assert.True((bool)auth["properties"]!["platform"]!["enabled"]!);
        Assert.Equal("AllowAnonymous", (string)auth["properties"]!["globalValidation"]!["unauthenticatedClientAction"]!);
    }

    [Fact]
    public void Modules_AreLocalOnly()
    {
        var registryModules = Directory.EnumerateFiles(Infra, "*.bicep", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("br/public:", StringComparison.Ordinal) || File.ReadAllText(f).Contains("br:", StringComparison.Ordinal));

        Assert.Empty(registryModules);
    }

    /// <summary>main.bicep compiled once for every test (each only reads it).</summary>
    private static readonly Lazy<Task<JsonNode>> Compiled = new(CompileAsync);

    private static async Task<List<JsonNode>> BuildAsync() => [await Compiled.Value];

    private static async Task<JsonNode> CompileAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), $"main-{Guid.NewGuid():N}.json");
        var (exitCode, log) = await BicepAsync("build", Path.Combine(Infra, "main.bicep"), "--outfile", output);
        Assert.True(exitCode == 0, log);
        var root = JsonNode.Parse(await File.ReadAllTextAsync(output))!;
        File.Delete(output);
        return root;
    }

    /// <summary>Resources of a compiled template, nested deployments (modules) included.</summary>
    private static IEnumerable<JsonNode> Resources(JsonNode template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!),
            JsonObject map => map.Select(p => p.Value!),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"]?["template"] is { } nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> BicepAsync(params string[] arguments)
    {
        var bicep = typeof(BicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
        Assert.True(File.Exists(bicep), $"bicep not restored at {bicep}");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }

        await using var process = ChildProcess.Start(bicep, arguments, new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        await Task.Delay(100);
        return (exitCode, process.Output);
    }
}

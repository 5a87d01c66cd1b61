// The cold-start baseline: the ASP.NET Core host an isolated worker with ASP.NET Core integration runs on, with one
// HTTP endpoint and nothing else. The bench times it against the DevHost serving the bot's Functions build.
var app = WebApplication.CreateSlimBuilder(args).Build();
app.MapGet("/api/health", () => Results.Ok(new { status = "Healthy" }));
await app.StartAsync();
Console.WriteLine("Baseline ready.");
await app.WaitForShutdownAsync();

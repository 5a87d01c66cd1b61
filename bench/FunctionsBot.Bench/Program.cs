using System.CommandLine;
using FunctionsBot.Bench;

// dotnet run -c Release --project bench/FunctionsBot.Bench -- cycle | coldstart
var cycles = new Option<int>("--cycles") { Description = "Measured cycles per row (trading rows run twice as many).", DefaultValueFactory = _ => 10 };
var cycle = new Command("cycle", "Storage requests, exchange weight and wall time per trade cycle: idle and trading, 1/6/50 symbols, 0/100 ms latency.") { cycles };
cycle.SetAction((parse, cancellationToken) => CycleBench.RunAsync(parse.GetValue(cycles), cancellationToken));
var root = new RootCommand("FunctionsBot benchmarks over real processes (Azurite, the simulator, the DevHost).") { cycle };
return await root.Parse(args).InvokeAsync();

using System.CommandLine;
using FunctionsBot.Bench;

// dotnet run -c Release --project bench/FunctionsBot.Bench -- cycle | coldstart | backtest [--days N]
var cycles = new Option<int>("--cycles") { Description = "Measured cycles per row (trading rows run twice as many).", DefaultValueFactory = _ => 10 };
var cycle = new Command("cycle", "Storage requests, exchange weight and wall time per trade cycle: idle and trading, 1/6/50 symbols, 0/100 ms latency.") { cycles };
cycle.SetAction((parse, cancellationToken) => CycleBench.RunAsync(parse.GetValue(cycles), cancellationToken));
var runs = new Option<int>("--runs") { Description = "Starts of each app, alternating.", DefaultValueFactory = _ => 5 };
var coldStart = new Command("coldstart", "Process start to the first healthy response: the bot's Functions build in the DevHost vs a bare isolated-worker app with one HTTP function, as built and published ReadyToRun.") { runs };
coldStart.SetAction((parse, cancellationToken) => ColdStartBench.RunAsync(parse.GetValue(runs), cancellationToken));
var days = new Option<int>("--days") { Description = "Days of 1m candles per run (365: a year, 525,600 bars a symbol).", DefaultValueFactory = _ => 365 };
var backtest = new Command("backtest", "Backtest speed through the full stages: bars/s and peak memory, 1 symbol and 10 symbols.") { days };
backtest.SetAction((parse, cancellationToken) => BacktestBench.RunAsync(parse.GetValue(days), cancellationToken));
var root = new RootCommand("FunctionsBot benchmarks over real processes (Azurite, the simulator, the DevHost).") { cycle, coldStart, backtest };
return await root.Parse(args).InvokeAsync();

using FunctionsBot.Backtest.Engine;
using Spectre.Console;

namespace FunctionsBot.Backtest.Report;

/// <summary>The report's tables on a console (Spectre.Console).</summary>
public static class ConsoleReport
{
    public static void Write(IAnsiConsole console, BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        foreach (var source in ReportTables.Of(result))
        {
            var table = new Table { Title = new TableTitle(Markup.Escape(source.Title)) };
            foreach (var column in source.Columns)
            {
                table.AddColumn(Markup.Escape(column));
            }

            foreach (var row in source.Rows)
            {
                table.AddRow([.. row.Select(Markup.Escape)]);
            }

            console.Write(table);
        }
    }
}

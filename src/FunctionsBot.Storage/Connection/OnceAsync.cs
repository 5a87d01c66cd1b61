namespace FunctionsBot.Storage.Connection;

/// <summary>
/// Runs an idempotent initialization (create a table, a container) once it has succeeded; a
/// failed or cancelled attempt is retried by the next caller instead of being cached.
/// </summary>
internal sealed class OnceAsync(Func<CancellationToken, Task> initialize)
{
    private Task? _task;

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var task = _task;
        if (task is null || task.IsFaulted || task.IsCanceled)
        {
            task = initialize(CancellationToken.None);
            _task = task;
        }

        return task.WaitAsync(cancellationToken);
    }
}

namespace FunctionsBot.FakeKeyVault;

/// <summary>Secret versions in memory, newest last; read counts per secret; injected failures.</summary>
internal sealed class SecretStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<StoredSecret>> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _reads = new(StringComparer.OrdinalIgnoreCase);
    private (int Status, int Remaining) _failure;

    public StoredSecret Set(string name, string value)
    {
        lock (_gate)
        {
            var secret = new StoredSecret(value, Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow);
            if (!_secrets.TryGetValue(name, out var versions))
            {
                _secrets[name] = versions = [];
            }

            versions.Add(secret);
            return secret;
        }
    }

    public StoredSecret? Get(string name, string? version)
    {
        lock (_gate)
        {
            _reads[name] = _reads.GetValueOrDefault(name) + 1;
            return _secrets.TryGetValue(name, out var versions)
                ? version is null ? versions[^1] : versions.Find(v => v.Version == version)
                : null;
        }
    }

    public Dictionary<string, int> Reads()
    {
        lock (_gate)
        {
            return new Dictionary<string, int>(_reads);
        }
    }

    public void FailNext(int status, int count)
    {
        lock (_gate)
        {
            _failure = (status, count);
        }
    }

    public int? TakeFailure()
    {
        lock (_gate)
        {
            if (_failure.Remaining <= 0)
            {
                return null;
            }

            _failure.Remaining--;
            return _failure.Status;
        }
    }
}

internal sealed record StoredSecret(string Value, string Version, DateTimeOffset Created);

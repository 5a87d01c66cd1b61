namespace FunctionsBot.Simulator.Faults;

/// <summary>Armed faults, consumed one per matching request.</summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<(FaultSpec Spec, int Remaining)> _armed = [];

    public void Arm(FaultSpec spec)
    {
        lock (_gate)
        {
            _armed.Add((spec, spec.Count));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _armed.Clear();
        }
    }

    /// <summary>Takes one fault of the given kinds, if armed.</summary>
    public FaultSpec? Take(params FaultKind[] kinds)
    {
        lock (_gate)
        {
            var index = _armed.FindIndex(a => kinds.Contains(a.Spec.Kind) && a.Remaining > 0);
            if (index < 0)
            {
                return null;
            }

            var (spec, remaining) = _armed[index];
            if (remaining <= 1)
            {
                _armed.RemoveAt(index);
            }
            else
            {
                _armed[index] = (spec, remaining - 1);
            }

            return spec;
        }
    }
}

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

    /// <summary>Takes one fault of the given kind armed for this request, if any.</summary>
    public FaultSpec? Take(FaultKind kind, HttpRequest request)
    {
        lock (_gate)
        {
            var index = _armed.FindIndex(a => a.Spec.Kind == kind && a.Remaining > 0 && a.Spec.Matches(request));
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

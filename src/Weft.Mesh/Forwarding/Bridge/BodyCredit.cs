namespace Weft.Mesh.Forwarding.Bridge;

/// <summary>
/// Flow control for a body read from an HTTP/1.1 connection into an exchange: the reader stops once
/// <see cref="Window"/> bytes are handed on and not yet credited back by the other side (as an HTTP/2 peer
/// would stop at a closed window), so a slow receiver bounds the memory a fast sender can fill.
/// </summary>
internal sealed class BodyCredit
{
    public const int Window = 256 * 1024;

    private readonly Lock _gate = new();
    private int _outstanding;
    private bool _cancelled;
    private TaskCompletionSource<bool>? _waiter;

    public void Sent(int count)
    {
        lock (_gate) _outstanding += count;
    }

    public void Credit(int count)
    {
        TaskCompletionSource<bool>? waiter = null;
        lock (_gate)
        {
            _outstanding -= count;
            if (_outstanding < Window)
            {
                waiter = _waiter;
                _waiter = null;
            }
        }

        waiter?.TrySetResult(true);
    }

    /// <summary>Nothing more will be credited (the exchange ended): a waiting reader goes on and finds it over.</summary>
    public void Cancel()
    {
        TaskCompletionSource<bool>? waiter;
        lock (_gate)
        {
            _cancelled = true;
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult(false);
    }

    /// <summary>Completes when the reader may hand on more; false when the exchange ended.</summary>
    public ValueTask<bool> WaitForRoomAsync()
    {
        lock (_gate)
        {
            if (_cancelled) return ValueTask.FromResult(false);
            if (_outstanding < Window) return ValueTask.FromResult(true);
            _waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            return new ValueTask<bool>(_waiter.Task);
        }
    }
}

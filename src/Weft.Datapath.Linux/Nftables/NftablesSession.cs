using System.Runtime.InteropServices;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Interop;
using Weft.Datapath.Linux.Netns;

namespace Weft.Datapath.Linux.Nftables;

/// <summary>
/// libnftables in process for one network namespace: what <c>ip netns exec NS nft -f -</c> does, without starting
/// two processes (and <c>ip netns exec</c>'s mount namespace and sysfs remount) per transaction. The context's
/// netlink socket belongs to the namespace of the thread that opens it, so one dedicated thread enters the
/// namespace (<see cref="LinuxNetns"/>'s setns), creates the context and runs every command, in submission order.
/// The thread ends after <see cref="IdleTimeout"/> without work (it holds the namespace alive while it runs) and
/// is started again by the next command.
/// </summary>
internal sealed class NftablesSession(NetnsRef netns) : IDisposable
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private readonly Queue<(string Commands, TaskCompletionSource<NftablesRun> Done)> pending = new();
    // Monitor (not Lock): the worker waits on it for work.
    private readonly object gate = new();
    private bool running;
    private bool disposed;

    /// <summary>Runs <paramref name="commands"/> (nft syntax, one batch as with <c>nft -f</c>) in the namespace.</summary>
    public Task<NftablesRun> RunAsync(string commands, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource<NftablesRun>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            pending.Enqueue((commands, done));
            if (!running)
            {
                running = true;
                new Thread(Work) { IsBackground = true, Name = $"weft-nft {netns}" }.Start();
            }
            else
            {
                Monitor.Pulse(gate);
            }
        }

        // A command once handed to the kernel cannot be taken back: cancellation stops the wait, not the batch.
        return done.Task.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            Monitor.PulseAll(gate);
        }
    }

    private void Work()
    {
        try
        {
            LinuxNetns.RunIn(netns, () =>
            {
                var context = LibNftables.ContextNew(0);
                if (context == 0)
                {
                    throw new KernelOperationException($"nft_ctx_new in {netns}", -1, "libnftables returned no context");
                }

                try
                {
                    if (LibNftables.BufferOutput(context) != 0 || LibNftables.BufferError(context) != 0)
                    {
                        throw new KernelOperationException($"nft_ctx_buffer_output/error in {netns}", -1, "libnftables could not buffer its output");
                    }

                    while (Next() is { } item)
                    {
                        var rc = LibNftables.RunFromBuffer(context, item.Commands);
                        item.Done.SetResult(new NftablesRun(rc, Text(LibNftables.OutputBuffer(context)), Text(LibNftables.ErrorBuffer(context))));
                    }
                }
                finally
                {
                    LibNftables.ContextFree(context);
                }

                return true;
            });
        }
        catch (Exception e) when (e is KernelOperationException or DllNotFoundException or EntryPointNotFoundException)
        {
            // The namespace is gone or the library unusable: fail what waits; the next command tries again.
            FailPending(e);
        }
    }

    /// <summary>The next command, or null (and the thread is marked stopped) after the idle timeout or disposal.</summary>
    private (string Commands, TaskCompletionSource<NftablesRun> Done)? Next()
    {
        lock (gate)
        {
            while (pending.Count == 0)
            {
                if (disposed || !Monitor.Wait(gate, IdleTimeout) && pending.Count == 0)
                {
                    running = false;
                    return null;
                }
            }

            return pending.Dequeue();
        }
    }

    private void FailPending(Exception error)
    {
        lock (gate)
        {
            running = false;
            while (pending.TryDequeue(out var item))
            {
                item.Done.SetException(error);
            }
        }
    }

    private static string Text(nint buffer) => buffer == 0 ? "" : Marshal.PtrToStringUTF8(buffer) ?? "";
}

using System.Diagnostics;
using Weft.Local.Apps.Probing;

namespace Weft.Local.Probes;

/// <summary>
/// Runs probes from inside a pod's network namespace: tcpSocket and httpGet through <see cref="Prober"/> with
/// sockets made in the namespace (<see cref="NetnsSocketFactory"/>); exec through <c>ip netns exec NS CMD</c>,
/// success on exit 0, killed at the timeout. With no namespace, everything runs in weft's own namespace.
/// </summary>
public sealed class NetnsProbeExecutor : IProbeExecutor
{
    private readonly TimeProvider _time;

    public NetnsProbeExecutor(TimeProvider time) => _time = time;

    public async Task<ProbeVerdict> RunAsync(ProbeAction action, string? networkNamespace, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (action.Kind == ProbeActionKind.Exec)
        {
            return await ExecAsync(action, networkNamespace, timeout, cancellationToken);
        }

        ISocketFactory sockets = networkNamespace is null ? HostSocketFactory.Instance : new NetnsSocketFactory(networkNamespace);
        var request = new ProbeRequest
        {
            Protocol = action.Kind == ProbeActionKind.HttpGet ? ProbeProtocol.Http : ProbeProtocol.Tcp,
            Host = action.Host,
            Port = action.Port,
            Path = action.Path,
            Timeout = timeout,
        };
        try
        {
            var result = await new Prober(sockets, _time).RunAsync(request, cancellationToken);
            return result.Connected ? ProbeVerdict.Succeeded : new ProbeVerdict(false, $"{result.Protocol} {result.Target}: {result.Error}");
        }
        catch (InvalidOperationException ex)
        {
            // setns failed: the namespace is gone or we lack privileges; the probe fails, the prober keeps going.
            return new ProbeVerdict(false, ex.Message);
        }
    }

    private static async Task<ProbeVerdict> ExecAsync(ProbeAction action, string? networkNamespace, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        if (networkNamespace is not null)
        {
            start.FileName = "ip";
            foreach (var part in new[] { "netns", "exec", networkNamespace })
            {
                start.ArgumentList.Add(part);
            }

            start.ArgumentList.Add(action.Command[0]);
        }
        else
        {
            start.FileName = action.Command[0];
        }

        foreach (var argument in action.Command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new ProbeVerdict(false, $"exec {action.Command[0]}: {ex.Message}");
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                return new ProbeVerdict(false, $"command timed out after {timeout.TotalSeconds:0.###}s");
            }

            if (process.ExitCode == 0)
            {
                return ProbeVerdict.Succeeded;
            }

            var text = (await output + await errors).Trim();
            return new ProbeVerdict(false, $"command exited with {process.ExitCode}{(text.Length > 0 ? ": " + text[..Math.Min(200, text.Length)] : "")}");
        }
    }
}

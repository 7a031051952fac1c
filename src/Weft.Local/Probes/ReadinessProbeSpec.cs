using Weft.Api.Resources;

namespace Weft.Local.Probes;

/// <summary>A readiness probe ready to run: the action plus kubelet's timing and thresholds (minimums applied as the API does).</summary>
public sealed record ReadinessProbeSpec
{
    public required ProbeAction Action { get; init; }

    public TimeSpan InitialDelay { get; init; }

    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    public int SuccessThreshold { get; init; } = 1;

    public int FailureThreshold { get; init; } = 3;

    /// <summary>
    /// Resolves a container's probe: named ports against the container's ports; <paramref name="host"/> is the address
    /// tcpSocket and httpGet connect to (kubelet uses the pod IP). Fails with a message when no handler or an unknown
    /// port name is given.
    /// </summary>
    public static bool TryCreate(Probe probe, Container container, string host, out ReadinessProbeSpec? spec, out string? error)
    {
        spec = null;
        ProbeAction action;
        if (probe.TcpSocketPort is { } tcpPort)
        {
            if (!TryResolvePort(tcpPort, container, out var port, out error))
            {
                return false;
            }

            action = new ProbeAction { Kind = ProbeActionKind.TcpSocket, Host = host, Port = port };
        }
        else if (probe.HttpGet is { } httpGet)
        {
            if (!TryResolvePort(httpGet.Port, container, out var port, out error))
            {
                return false;
            }

            var path = string.IsNullOrEmpty(httpGet.Path) ? "/" : httpGet.Path;
            action = new ProbeAction { Kind = ProbeActionKind.HttpGet, Host = host, Port = port, Path = path.StartsWith('/') ? path : "/" + path };
        }
        else if (!probe.ExecCommand.IsDefaultOrEmpty)
        {
            action = new ProbeAction { Kind = ProbeActionKind.Exec, Command = probe.ExecCommand };
        }
        else
        {
            error = "readinessProbe: one of tcpSocket, httpGet or exec is required";
            return false;
        }

        // Kubernetes defaults and minimums: periodSeconds ≥ 1 (default 10), timeoutSeconds ≥ 1, thresholds ≥ 1.
        spec = new ReadinessProbeSpec
        {
            Action = action,
            InitialDelay = TimeSpan.FromSeconds(Math.Max(0, probe.InitialDelaySeconds)),
            Period = TimeSpan.FromSeconds(probe.PeriodSeconds < 1 ? 10 : probe.PeriodSeconds),
            Timeout = TimeSpan.FromSeconds(Math.Max(1, probe.TimeoutSeconds)),
            SuccessThreshold = Math.Max(1, probe.SuccessThreshold),
            FailureThreshold = Math.Max(1, probe.FailureThreshold),
        };
        error = null;
        return true;
    }

    private static bool TryResolvePort(IntOrString port, Container container, out int number, out string? error)
    {
        if (!port.IsName)
        {
            number = port.Number;
            error = number is >= 1 and <= 65535 ? null : $"readinessProbe: port {number} is out of range";
            return error is null;
        }

        foreach (var containerPort in container.Ports)
        {
            if (containerPort.Name == port.Name)
            {
                number = containerPort.Port;
                error = null;
                return true;
            }
        }

        number = 0;
        error = $"readinessProbe: container {container.Name} has no port named '{port.Name}'";
        return false;
    }
}

using System.Diagnostics;

namespace Weft.Local.Processes;

/// <summary>
/// Starts container processes as <c>setsid sh -c 'exec "$@" &lt;/dev/null &gt;&gt;LOG 2&gt;&amp;1' LOG ip netns exec NS CMD ARGS…</c>.
/// Every step execs, so the PID we get is the container's. <c>setsid</c> gives it its own session and process group
/// (Ctrl-C on weft does not reach pods; stopping signals the whole group). Output goes to the log file at the
/// descriptor level, so the process keeps running, and logging, when weft exits. <c>ip netns exec</c> (not nsenter)
/// because it also bind-mounts <c>/etc/netns/NS/resolv.conf</c> over <c>/etc/resolv.conf</c> for the process.
/// </summary>
public sealed class LinuxProcessLauncher : IProcessLauncher
{
    private const string Redirect = "exec \"$@\" </dev/null >>\"$0\" 2>&1";
    private readonly string _setsid;
    private readonly string _shell;
    private readonly string _ip;

    public LinuxProcessLauncher()
    {
        _setsid = Tool("setsid");
        _shell = Tool("sh");
        _ip = Tool("ip");
    }

    public LaunchResult Launch(ProcessStartSpec spec)
    {
        spec.Environment.TryGetValue("PATH", out var searchPath);
        if (!ExecutableResolver.TryResolve(spec.FileName, searchPath, spec.WorkingDirectory, out var executable, out var error))
        {
            return LaunchResult.CannotRun(error!);
        }

        if (spec.WorkingDirectory is not null && !Directory.Exists(spec.WorkingDirectory))
        {
            return LaunchResult.CannotRun($"working directory \"{spec.WorkingDirectory}\" does not exist");
        }

        if (spec.NetworkNamespace is not null && !File.Exists($"/var/run/netns/{spec.NetworkNamespace}"))
        {
            return LaunchResult.CannotRun($"network namespace \"{spec.NetworkNamespace}\" does not exist");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(spec.LogPath))!);
        var start = new ProcessStartInfo(_setsid) { UseShellExecute = false, WorkingDirectory = spec.WorkingDirectory ?? "/" };
        start.ArgumentList.Add(_shell);
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Redirect);
        start.ArgumentList.Add(Path.GetFullPath(spec.LogPath));
        if (spec.NetworkNamespace is not null)
        {
            start.ArgumentList.Add(_ip);
            start.ArgumentList.Add("netns");
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(spec.NetworkNamespace);
        }

        start.ArgumentList.Add(executable);
        foreach (var argument in spec.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (name, value) in spec.Environment)
        {
            start.Environment[name] = value;
        }

        if (!spec.Environment.ContainsKey("PATH"))
        {
            start.Environment["PATH"] = ProcessStartSpec.DefaultPath;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"starting {_setsid} for {executable} returned no process");
        // The start time identifies this process across PID reuse; if it already exited we still know its PID.
        ProcStat.TryRead(process.Id, out var startTime, out _);
        return LaunchResult.Started(new LinuxProcessHandle(process, new ProcessIdentity(process.Id, startTime)));
    }

    private static string Tool(string name) =>
        ExecutableResolver.TryResolve(name, ProcessStartSpec.DefaultPath, null, out var path, out _)
            ? path
            : throw new InvalidOperationException($"'{name}' is not installed (scripts/install-deps.sh runtime)");
}

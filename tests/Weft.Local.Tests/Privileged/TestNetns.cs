using System.Diagnostics;

namespace Weft.Local.Tests.Privileged;

/// <summary>
/// A network namespace <c>wtapp-RANDOM</c> with loopback up and its own <c>/etc/netns/NAME/resolv.conf</c>;
/// both removed on dispose, whatever the test did.
/// </summary>
internal sealed class TestNetns : IDisposable
{
    private TestNetns(string name) => Name = name;

    public string Name { get; }

    public string EtcDirectory => $"/etc/netns/{Name}";

    public static TestNetns Create(string resolvConf)
    {
        var netns = new TestNetns("wtapp-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Run(check: true, "ip", "netns", "add", netns.Name);
            Run(check: true, "ip", "-n", netns.Name, "link", "set", "lo", "up");
            Directory.CreateDirectory(netns.EtcDirectory);
            File.WriteAllText(Path.Combine(netns.EtcDirectory, "resolv.conf"), resolvConf);
            return netns;
        }
        catch
        {
            netns.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Run(check: false, "ip", "netns", "del", Name);
        if (Directory.Exists(EtcDirectory))
        {
            Directory.Delete(EtcDirectory, recursive: true);
        }
    }

    private static void Run(bool check, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)}: exit {process.ExitCode}: {stderr.Trim()}");
        }
    }
}

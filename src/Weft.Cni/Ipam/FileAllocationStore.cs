using System.Net;
using Weft.Datapath.Linux.Files;

namespace Weft.Cni.Ipam;

/// <summary>
/// Allocations as files, one per address: <c>DataDir/&lt;network&gt;/&lt;ip&gt;</c> holding "containerID\nifname".
/// A record is written to a temporary file and renamed into place without overwriting, so a reader (or a
/// crash) sees either no record or a whole one. Temporary files left by a killed writer are removed when the
/// lock is next taken: while we hold the flock nobody else is writing.
/// </summary>
public sealed class FileAllocationStore : IAllocationStore
{
    private const string LockFileName = "lock";
    private const string LastReservedPrefix = "last_reserved_ip.";
    private const string TempPrefix = ".tmp-";
    private readonly string _directory;
    private readonly Action<string>? _fault;

    /// <param name="directory">The network's directory (DataDir/name).</param>
    /// <param name="fault">Fault-injection hook called at named points (tests kill the process there).</param>
    public FileAllocationStore(string directory, Action<string>? fault = null)
    {
        _directory = directory;
        _fault = fault;
    }

    public IDisposable Lock()
    {
        Directory.CreateDirectory(_directory);
        var fileLock = FileLock.Acquire(Path.Combine(_directory, LockFileName));
        foreach (var stale in Directory.EnumerateFiles(_directory, TempPrefix + "*"))
        {
            File.Delete(stale);
        }

        return fileLock;
    }

    public IReadOnlyList<Allocation> List()
    {
        var allocations = new List<Allocation>();
        if (!Directory.Exists(_directory))
        {
            return allocations;
        }

        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            var name = Path.GetFileName(path);
            if (!IPAddress.TryParse(name, out var address))
            {
                continue;
            }

            var lines = File.ReadAllText(path).Split('\n');
            var owner = new AttachmentKey(lines[0].Trim(), lines.Length > 1 ? lines[1].Trim() : string.Empty);
            allocations.Add(new Allocation(address, owner));
        }

        return allocations;
    }

    public bool TryReserve(Allocation allocation)
    {
        var target = Path.Combine(_directory, allocation.Address.ToString());
        if (File.Exists(target))
        {
            return false;
        }

        var temp = Path.Combine(_directory, $"{TempPrefix}{Environment.ProcessId}");
        File.WriteAllText(temp, $"{allocation.Owner.ContainerId}\n{allocation.Owner.IfName}\n");
        _fault?.Invoke("after-tempfile");
        try
        {
            // Move without overwrite: link(2)+unlink(2) on Linux, so an existing record is never replaced.
            File.Move(temp, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Delete(temp);
            return false;
        }

        return true;
    }

    public void Release(IPAddress address) => File.Delete(Path.Combine(_directory, address.ToString()));

    public IPAddress? LastReserved(int rangeSet)
    {
        var path = Path.Combine(_directory, LastReservedPrefix + rangeSet);
        return File.Exists(path) && IPAddress.TryParse(File.ReadAllText(path).Trim(), out var address) ? address : null;
    }

    public void SetLastReserved(int rangeSet, IPAddress address)
    {
        var path = Path.Combine(_directory, LastReservedPrefix + rangeSet);
        var temp = Path.Combine(_directory, $"{TempPrefix}{Environment.ProcessId}-last");
        File.WriteAllText(temp, address.ToString());
        File.Move(temp, path, overwrite: true);
    }
}

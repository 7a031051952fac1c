using System.Net.Sockets;
using System.Runtime.InteropServices;
using Weft.Local.Apps.Probing;
using Weft.Local.Interop;

namespace Weft.Local.Probes;

/// <summary>
/// Creates sockets inside a named network namespace: on a dedicated thread, setns(2) into
/// <c>/var/run/netns/NAME</c>, create the socket, setns back. A socket stays in the namespace it was created in, so
/// it can then be used from any thread. No process per probe (kubelet probes 100 pods every 10 s). Needs CAP_SYS_ADMIN.
/// </summary>
public sealed class NetnsSocketFactory : ISocketFactory
{
    private readonly string _networkNamespace;

    public NetnsSocketFactory(string networkNamespace) => _networkNamespace = networkNamespace;

    public Socket Create(AddressFamily family, SocketType type, ProtocolType protocol)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                socket = CreateInside(family, type, protocol);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        })
        { IsBackground = true, Name = "weft-netns-socket" };
        thread.Start();
        thread.Join();
        return socket ?? failure switch
        {
            SocketException socketFailure => throw socketFailure,
            // The namespace is gone or we may not enter it: the caller reports this as a failed probe.
            _ => throw new InvalidOperationException($"network namespace {_networkNamespace}: {failure?.Message}", failure),
        };
    }

    private Socket CreateInside(AddressFamily family, SocketType type, ProtocolType protocol)
    {
        using var home = File.OpenHandle("/proc/thread-self/ns/net");
        using var target = File.OpenHandle($"/var/run/netns/{_networkNamespace}");
        Enter(target, "enter");
        try
        {
            return new Socket(family, type, protocol);
        }
        finally
        {
            Enter(home, "return from");
        }
    }

    private void Enter(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string what)
    {
        if (Libc.SetNs((int)handle.DangerousGetHandle(), Libc.CLONE_NEWNET) != 0)
        {
            throw new InvalidOperationException($"setns: cannot {what} network namespace {_networkNamespace}: errno {Marshal.GetLastPInvokeError()}");
        }
    }
}

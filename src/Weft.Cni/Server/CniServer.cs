using System.Net.Sockets;
using System.Text;

namespace Weft.Cni.Server;

/// <summary>
/// The resident form of the plugins: <c>weft-cni serve SOCKET</c> runs in the node's network namespace and
/// answers requests forwarded by the thin client binaries (weft-cni-client.c) with the same code the exec'd
/// plugin runs (<see cref="CniProgram"/>), already loaded and JIT-compiled. Each connection is one request.
/// The node namespace is the server's own, exactly as the exec'd plugin's is the one it was started in.
/// </summary>
public static class CniServer
{
    public static async Task RunAsync(string socketPath, CancellationToken cancellationToken)
    {
        if (File.Exists(socketPath))
        {
            File.Delete(socketPath);
        }

        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(128);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var connection = await listener.AcceptAsync(cancellationToken);
                _ = Task.Run(() => ServeAsync(connection, cancellationToken), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        finally
        {
            File.Delete(socketPath);
        }
    }

    private static async Task ServeAsync(Socket connection, CancellationToken cancellationToken)
    {
        using (connection)
        await using (var stream = new NetworkStream(connection, ownsSocket: false))
        {
            using var request = new MemoryStream();
            await stream.CopyToAsync(request, cancellationToken);
            var (role, environment, stdin) = Decode(request.ToArray());
            using var output = new MemoryStream();
            int exitCode;
            if (role is null)
            {
                exitCode = 2;
            }
            else
            {
                using var input = new MemoryStream(stdin, writable: false);
                exitCode = await CniProgram.RunAsync(role.Value, environment, input, output, cancellationToken);
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{exitCode}\n"), cancellationToken);
            await stream.WriteAsync(output.ToArray(), cancellationToken);
            connection.Shutdown(SocketShutdown.Send);
        }
    }

    /// <summary>NUL-separated KEY=VALUE entries, an empty entry, then the plugin's stdin.</summary>
    internal static (CniRole? Role, Dictionary<string, string> Environment, byte[] Stdin) Decode(byte[] request)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 0;
        while (position < request.Length)
        {
            var end = Array.IndexOf(request, (byte)0, position);
            if (end < 0)
            {
                break;
            }

            var entry = Encoding.UTF8.GetString(request, position, end - position);
            position = end + 1;
            if (entry.Length == 0)
            {
                break;
            }

            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                environment[entry[..equals]] = entry[(equals + 1)..];
            }
        }

        CniRole? role = environment.GetValueOrDefault("WEFT_CNI_ROLE") switch
        {
            "plugin" => CniRole.Plugin,
            "ipam" => CniRole.Ipam,
            _ => null,
        };
        environment.Remove("WEFT_CNI_ROLE");
        return (role, environment, request[position..]);
    }
}

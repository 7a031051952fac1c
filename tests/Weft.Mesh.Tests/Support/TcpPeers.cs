using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Weft.Mesh.Identity;

namespace Weft.Mesh.Tests.Support;

/// <summary>Raw TCP peers on loopback: an echo server (optionally speaking first, optionally TLS).</summary>
internal sealed class TcpPeers : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();

    private TcpPeers(string? banner, WorkloadCertificate? tls, bool oneLine = false)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _ = AcceptLoopAsync(banner, tls, oneLine);
    }

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Echoes each line back as "echo:&lt;line&gt;"; sends <paramref name="banner"/> first when given.</summary>
    public static TcpPeers Echo(string? banner = null, WorkloadCertificate? tls = null) => new(banner, tls);

    /// <summary>
    /// Echoes one line and closes: the end of the stream comes from the server, so when a client has read to the end
    /// every proxy on the way has finished with the stream (Kestrel ends a connection on a client's half-close).
    /// </summary>
    public static TcpPeers EchoOneLine() => new(null, null, oneLine: true);

    /// <summary>A loopback port with nothing listening (connections are refused).</summary>
    public static IPEndPoint DeadEndpoint()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var ep = (IPEndPoint)l.LocalEndpoint;
        l.Stop();
        return ep;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task AcceptLoopAsync(string? banner, WorkloadCertificate? tls, bool oneLine)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client, banner, tls, oneLine);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
    }

    private static async Task ServeAsync(TcpClient client, string? banner, WorkloadCertificate? tls, bool oneLine)
    {
        using (client)
        {
            Stream stream = client.GetStream();
            if (tls is not null)
            {
                var ssl = new SslStream(stream);
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = tls.TlsContext });
                stream = ssl;
            }

            await using (stream)
            {
                if (banner is not null) await stream.WriteAsync(Encoding.ASCII.GetBytes(banner + "\n"));
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                while (await reader.ReadLineAsync() is { } line)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("echo:" + line + "\n"));
                    await stream.FlushAsync();
                    if (oneLine) break;
                }
            }
        }
    }
}

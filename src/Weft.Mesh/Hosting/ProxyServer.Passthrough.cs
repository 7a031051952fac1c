using Microsoft.AspNetCore.Connections;
using Weft.Mesh.Detection;

namespace Weft.Mesh.Hosting;

/// <summary>
/// TLS on a permissive listener: only a peer proxy's ClientHello is terminated here. An unmeshed client's own TLS to
/// the meshed application (to its HTTPS or database port) must reach the application untouched — terminating it would
/// fail the client (no client certificate, wrong server certificate) or, worse, take the application's TLS away.
/// </summary>
public sealed partial class ProxyServer
{
    /// <summary>
    /// True when the ClientHello names the listener's peer server name (SNI, what every Weft proxy sends); the mTLS
    /// branch then requires a client certificate, so a client that merely claims the name without one still fails.
    /// Anything else — another or no SNI, a malformed or oversized hello, a hello that does not arrive within the
    /// detection timeout — is counted and logged as passthrough.
    /// </summary>
    private async Task<bool> IsPeerProxyHelloAsync(ConnectionContext connection, ProxyListener listener)
    {
        var (read, hello) = await PeekClientHelloAsync(connection).ConfigureAwait(false);
        if (read == ClientHelloRead.Parsed && string.Equals(hello!.ServerName, listener.Config.PeerServerName, StringComparison.OrdinalIgnoreCase))
            return true;

        Metrics.TlsPassthrough(listener.Direction);
        ProxyLog.TlsPassthrough(
            _logger,
            hello?.ServerName ?? "",
            hello is null ? "" : string.Join(',', hello.ApplicationProtocols),
            read,
            connection.RemoteEndPoint,
            ConnectionState.From(connection.Items)?.OriginalDestination);
        return false;
    }

    /// <summary>Reads without consuming until the whole ClientHello is there (or the parser gives up, or time runs out).</summary>
    private async Task<(ClientHelloRead Read, ClientHello? Hello)> PeekClientHelloAsync(ConnectionContext connection)
    {
        var (value, timedOut) = await PeekAsync(connection, static (buffer, _) =>
        {
            var read = ClientHelloParser.TryRead(buffer, out var hello);
            return (read != ClientHelloRead.NeedMore, (read, hello));
        }).ConfigureAwait(false);
        return timedOut ? (ClientHelloRead.NeedMore, null) : value;
    }
}

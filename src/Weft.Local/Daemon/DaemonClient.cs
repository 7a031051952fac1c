using System.Net.Http.Json;
using System.Net.Sockets;
using Weft.Local.State;

namespace Weft.Local.Daemon;

/// <summary>The CLI's side of the daemon API: HTTP/1.1 over the cluster's Unix socket.</summary>
public sealed class DaemonClient : IDisposable
{
    private readonly HttpClient http;

    public DaemonClient(StatePaths paths)
    {
        Paths = paths;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(paths.Socket), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        http = new HttpClient(handler) { BaseAddress = new Uri("http://weft/"), Timeout = TimeSpan.FromMinutes(10) };
    }

    public StatePaths Paths { get; }

    /// <summary>True when a daemon answers on the socket.</summary>
    public async Task<bool> IsAliveAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Paths.Socket))
        {
            return false;
        }

        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await http.GetAsync(new Uri("v1/cluster", UriKind.Relative), cts.Token);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async Task<ClusterView> GetClusterAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<ClusterView>(new Uri("v1/cluster", UriKind.Relative), cancellationToken)
        ?? throw new InvalidDataException("empty cluster view");

    public async Task<ApplyResponse> ChangeAsync(ApplyRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri("v1/changes", UriKind.Relative), request, cancellationToken);
        return await response.Content.ReadFromJsonAsync<ApplyResponse>(cancellationToken)
            ?? throw new InvalidDataException("empty apply response");
    }

    public async Task<PolicyModeResponse> GetPolicyModeAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<PolicyModeResponse>(new Uri("v1/settings/policy-mode", UriKind.Relative), cancellationToken)
        ?? throw new InvalidDataException("empty policy mode response");

    /// <summary>Sets the cluster-wide policy mode; answers once every node holds it (or with the nodes that do not yet).</summary>
    public async Task<PolicyModeResponse> SetPolicyModeAsync(string mode, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync(new Uri("v1/settings/policy-mode", UriKind.Relative), new PolicyModeRequest(mode), cancellationToken);
        return await response.Content.ReadFromJsonAsync<PolicyModeResponse>(cancellationToken)
            ?? throw new InvalidDataException("empty policy mode response");
    }

    /// <summary><c>weft get svc|endpointslices</c> as the daemon renders it (a table, JSON or YAML).</summary>
    public async Task<string> ListAsync(string kind, string ns, bool allNamespaces, string output, CancellationToken cancellationToken)
    {
        var query = $"v1/list/{Uri.EscapeDataString(kind)}?ns={Uri.EscapeDataString(ns)}&all={(allNamespaces ? "true" : "false")}&output={Uri.EscapeDataString(output)}";
        using var response = await http.GetAsync(new Uri(query, UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public async Task<SyncView> GetSyncAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<SyncView>(new Uri("v1/synced", UriKind.Relative), cancellationToken)
        ?? throw new InvalidDataException("empty sync view");

    /// <summary>A GET whose body is read as it arrives (the flow API's follow); the caller disposes the response.</summary>
    public Task<HttpResponseMessage> GetStreamingAsync(string relativeUri, CancellationToken cancellationToken) =>
        http.GetAsync(new Uri(relativeUri, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri("v1/shutdown", UriKind.Relative), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>GET a text endpoint (the mesh commands); the status code tells success.</summary>
    public async Task<(bool Success, string Text)> GetTextAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(pathAndQuery, UriKind.Relative), cancellationToken);
        return (response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public void Dispose() => http.Dispose();
}

using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Weft.Mesh.Identity;

namespace Weft.Mesh.ControlPlane;

/// <summary>
/// Sends the proxy's CSR to the local cluster daemon over its Unix socket (<c>POST /v1/mesh/csr</c>), proving the
/// pod with its token (Authorization: Bearer). The private key stays in the proxy; only the CSR travels.
/// </summary>
public sealed class DaemonCertificateIssuer : ICertificateIssuer, IDisposable
{
    private readonly HttpClient _http;
    private readonly string _token;

    public DaemonCertificateIssuer(string socketPath, string token)
    {
        _token = token;
        _http = UnixSocketHttp.Create(socketPath, TimeSpan.FromSeconds(10));
    }

    public async ValueTask<IssueResult> IssueAsync(byte[] csrDer, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/mesh/csr") { Content = new ByteArrayContent(csrDer) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return IssueResult.Fail(IssueFailure.IdentityMismatch, $"daemon answered {(int)response.StatusCode}: {body.Trim()}");
            }

            var chain = new X509Certificate2Collection();
            chain.ImportFromPem(body);
            return chain.Count == 0
                ? IssueResult.Fail(IssueFailure.Unavailable, "daemon answered without a certificate")
                : new IssueResult { Leaf = chain[0], Intermediates = [.. chain.Skip(1)] };
        }
        catch (Exception e) when (UnixSocketHttp.IsUnavailable(e))
        {
            return IssueResult.Fail(IssueFailure.Unavailable, $"daemon unreachable: {e.Message}");
        }
    }

    /// <summary>The cluster's trust root (<c>GET /v1/mesh/root</c>).</summary>
    public async Task<X509Certificate2Collection> TrustRootsAsync(CancellationToken cancellationToken)
    {
        var pem = await _http.GetStringAsync(new Uri("/v1/mesh/root", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(pem);
        return roots;
    }

    public void Dispose() => _http.Dispose();
}

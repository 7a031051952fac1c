using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Weft.Mesh.ControlPlane;

/// <summary>
/// The members long poll against the daemon's Unix socket (<see cref="MembersFeed"/> is the other end):
/// <c>If-None-Match</c> carries the last tag, <c>Prefer: wait=N</c> lets the daemon hold the request until a change.
/// </summary>
public sealed class DaemonMembersSource : IMembersSource, IDisposable
{
    /// <summary>Beyond the requested wait, how long a silent daemon is given before the request counts as failed.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;

    public DaemonMembersSource(string socketPath) => _http = UnixSocketHttp.Create(socketPath, Timeout.InfiniteTimeSpan);

    public async Task<MembersPoll> PollAsync(string? seenTag, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait + Grace);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/mesh/members");
            if (seenTag is not null)
            {
                request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"" + seenTag + "\""));
                request.Headers.TryAddWithoutValidation("Prefer", string.Create(CultureInfo.InvariantCulture, $"wait={(int)wait.TotalSeconds}"));
            }

            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified) return new MembersPoll.Unchanged();
            if (!response.IsSuccessStatusCode) return new MembersPoll.Unavailable($"daemon answered {(int)response.StatusCode}");
            var tag = response.Headers.ETag?.Tag.Trim('"');
            if (string.IsNullOrEmpty(tag)) return new MembersPoll.Unavailable("daemon answered without an ETag");
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            return new MembersPoll.Changed(new MembersRevision(tag, text));
        }
        catch (Exception e) when (UnixSocketHttp.IsUnavailable(e) && !cancellationToken.IsCancellationRequested)
        {
            return new MembersPoll.Unavailable($"daemon unreachable: {e.Message}");
        }
    }

    public void Dispose() => _http.Dispose();
}

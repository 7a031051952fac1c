using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Weft.Mesh.Watch;

namespace Weft.Mesh.ControlPlane;

/// <summary>
/// The daemon's side of the members watch: the newest members text with a version tag, served as a long poll
/// (<c>GET /v1/mesh/members</c>):
/// <list type="bullet">
/// <item>without <c>If-None-Match</c>, or with a tag that is not the current one: 200 at once, body = text, <c>ETag</c> = tag;</item>
/// <item>with the current tag and <c>Prefer: wait=N</c> (RFC 7240; at most <see cref="MaxWait"/>): the response is held
/// until the text changes (200, new tag) or N seconds pass (304 Not Modified, same tag).</item>
/// </list>
/// A change reaches every waiting sidecar the moment it is published: nothing polls on an interval.
/// </summary>
public sealed class MembersFeed
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    private readonly LatestValue<MembersRevision> _value;
    private readonly string _epoch;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _counter;

    public MembersFeed(string epoch, TimeProvider time)
    {
        _epoch = epoch;
        _time = time;
        _value = new LatestValue<MembersRevision>(new MembersRevision(Tag(0), ""));
    }

    public MembersRevision Current => _value.Current;

    /// <summary>Publishes <paramref name="text"/> when it differs from the current text; returns whether it did.</summary>
    public bool Publish(string text)
    {
        lock (_gate)
        {
            if (string.Equals(_value.Current.Text, text, StringComparison.Ordinal)) return false;
            _value.Publish(new MembersRevision(Tag(++_counter), text));
            return true;
        }
    }

    /// <summary>
    /// The current revision when its tag is not <paramref name="seenTag"/>; otherwise waits up to
    /// <paramref name="wait"/> (or until <paramref name="endEarly"/>) for a newer one and returns null if none came.
    /// </summary>
    public async Task<MembersRevision?> WaitChangedAsync(string? seenTag, TimeSpan wait, CancellationToken cancellationToken, CancellationToken endEarly = default)
    {
        var version = _value.Version;
        var current = _value.Current;
        if (!string.Equals(current.Tag, seenTag, StringComparison.Ordinal)) return current;
        if (wait <= TimeSpan.Zero) return null;
        using var timeout = new CancellationTokenSource(wait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken, endEarly);
        try
        {
            return await _value.WaitNewerAsync(version, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when ((timeout.IsCancellationRequested || endEarly.IsCancellationRequested) && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// The HTTP endpoint (see the type's remarks). <paramref name="stopping"/> (the server's shutdown) ends a held
    /// poll at once with 304, so held polls never delay the daemon's shutdown.
    /// </summary>
    public async Task HandleAsync(HttpContext context, CancellationToken stopping = default)
    {
        var seen = EntityTagHeaderValue.TryParse(context.Request.Headers.IfNoneMatch.ToString(), out var tag) ? tag.Tag.ToString().Trim('"') : null;
        var wait = RequestedWait(context.Request.Headers["Prefer"].ToString());
        // Shutdown counts as "nothing changed"; the client's own abort stays an abort.
        var revision = await WaitChangedAsync(seen, wait, context.RequestAborted, stopping).ConfigureAwait(false);

        var response = context.Response;
        if (revision is null)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            response.Headers.ETag = Quote(seen!);
            return;
        }

        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.ETag = Quote(revision.Tag);
        await response.WriteAsync(revision.Text, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The <c>wait</c> preference of a Prefer header, capped at <see cref="MaxWait"/>; zero when absent or malformed.</summary>
    public static TimeSpan RequestedWait(string prefer)
    {
        foreach (var part in prefer.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("wait=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(part.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(Math.Min(seconds, MaxWait.TotalSeconds));
            }
        }

        return TimeSpan.Zero;
    }

    private string Tag(long n) => string.Create(CultureInfo.InvariantCulture, $"{_epoch}-{n}");

    private static string Quote(string tag) => "\"" + tag + "\"";
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Weft.Mesh.ControlPlane;

/// <summary>
/// The sidecar's side of the members watch: long polls its <see cref="IMembersSource"/> with the last tag it has,
/// so the daemon answers the moment the mesh changes, and applies each new text to <see cref="MeshMembers"/>.
/// When the daemon is away the proxy keeps the last text it applied (its endpoints keep working) and reconnects
/// with <see cref="ReconnectBackOff"/>; a restarted daemon has a new tag epoch, so the first answer is a full text.
/// </summary>
public sealed partial class MembersWatch(IMembersSource source, MeshMembers members, TimeProvider time, ILogger? logger = null)
{
    /// <summary>How long the daemon may hold one poll while nothing changes.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly ReconnectBackOff _backOff = new();
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private bool _wasDown;

    /// <summary>The tag of the text applied last, null before the first.</summary>
    public string? Tag { get; private set; }

    /// <summary>How many texts were applied.</summary>
    public int Applied { get; private set; }

    /// <summary>
    /// One poll: applies a new text, or learns nothing changed, or finds the daemon away (false). The first call
    /// (no tag yet) returns at once.
    /// </summary>
    public async Task<bool> PollOnceAsync(CancellationToken cancellationToken)
    {
        var poll = await source.PollAsync(Tag, Wait, cancellationToken).ConfigureAwait(false);
        switch (poll)
        {
            case MembersPoll.Changed changed:
                if (changed.Revision.Tag != Tag)
                {
                    members.Apply(changed.Revision.Text);
                    Tag = changed.Revision.Tag;
                    Applied++;
                    MembersApplied(_logger, Tag, changed.Revision.Text.Length);
                }

                break;
            case MembersPoll.Unavailable unavailable:
                if (!_wasDown) DaemonAway(_logger, unavailable.Reason);
                _wasDown = true;
                return false;
        }

        if (_wasDown) DaemonBack(_logger);
        _wasDown = false;
        return true;
    }

    /// <summary>Polls until cancelled, backing off while the daemon is away.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (await PollOnceAsync(cancellationToken).ConfigureAwait(false))
                {
                    _backOff.Reset();
                    continue;
                }

                await Task.Delay(_backOff.Next(), time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "mesh members {Tag} applied ({Length} bytes)")]
    private static partial void MembersApplied(ILogger logger, string tag, int length);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "control plane unreachable, keeping the last members: {Reason}")]
    private static partial void DaemonAway(ILogger logger, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "control plane reachable again")]
    private static partial void DaemonBack(ILogger logger);
}

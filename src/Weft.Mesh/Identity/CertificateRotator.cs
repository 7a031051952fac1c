using Weft.Mesh.Watch;

namespace Weft.Mesh.Identity;

/// <summary>
/// Keeps a workload certificate fresh: a new key and CSR at half-life of the current leaf (timer from the injected
/// <see cref="TimeProvider"/>), published through a latest-value watch. Listeners read the watch per handshake, so
/// new connections use the new certificate and established ones keep theirs. A failed renewal keeps the current
/// certificate and retries after a tenth of the remaining lifetime (at least 5 s).
/// </summary>
public sealed class CertificateRotator : IDisposable
{
    private static readonly TimeSpan MinRetry = TimeSpan.FromSeconds(5);
    private readonly SpiffeId _identity;
    private readonly ICertificateIssuer _issuer;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private LatestValue<WorkloadCertificate>? _certificates;

    public CertificateRotator(SpiffeId identity, ICertificateIssuer issuer, TimeProvider time)
    {
        _identity = identity;
        _issuer = issuer;
        _time = time;
    }

    /// <summary>The current certificate watch; available after <see cref="StartAsync"/>.</summary>
    public LatestValue<WorkloadCertificate> Certificates => _certificates ?? throw new InvalidOperationException("not started");

    /// <summary>Number of failed renewals so far.</summary>
    public int Failures { get; private set; }

    /// <summary>Obtains the first certificate and schedules renewal.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var first = await IssueAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"could not obtain a certificate for {_identity}");
        _certificates = new LatestValue<WorkloadCertificate>(first);
        Schedule(RenewalDue(first));
    }

    /// <summary>Renews now; returns true when a new certificate was published.</summary>
    public async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        var next = await IssueAsync(cancellationToken).ConfigureAwait(false);
        if (next is null)
        {
            Failures++;
            var remaining = Certificates.Current.NotAfter - _time.GetUtcNow();
            var retry = remaining / 10;
            Schedule(retry < MinRetry ? MinRetry : retry);
            return false;
        }

        Certificates.Publish(next);
        Schedule(RenewalDue(next));
        return true;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _timer?.Dispose();
        _stopping.Dispose();
    }

    private TimeSpan RenewalDue(WorkloadCertificate cert)
    {
        var halfLife = cert.NotBefore + ((cert.NotAfter - cert.NotBefore) / 2);
        var due = halfLife - _time.GetUtcNow();
        return due < TimeSpan.Zero ? TimeSpan.Zero : due;
    }

    private void Schedule(TimeSpan due)
    {
        _timer?.Dispose();
        _timer = _time.CreateTimer(_ => _ = RenewFromTimerAsync(), null, due, Timeout.InfiniteTimeSpan);
    }

    private async Task RenewFromTimerAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        try
        {
            await RenewAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<WorkloadCertificate?> IssueAsync(CancellationToken cancellationToken)
    {
        var (key, csr) = WorkloadKey.CreateWithCsr(_identity);
        using (key)
        {
            var result = await _issuer.IssueAsync(csr, cancellationToken).ConfigureAwait(false);
            return result.Succeeded ? WorkloadCertificate.FromIssued(result, key, _identity) : null;
        }
    }
}

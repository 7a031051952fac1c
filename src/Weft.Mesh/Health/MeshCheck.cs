using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Weft.Mesh.Identity;

namespace Weft.Mesh.Health;

/// <summary>
/// <c>weft check</c>'s verdicts, pure over certificates and an injected clock: the CA is within its validity and not
/// near expiry; every meshed pod's proxy is ready; its certificate validates as a peer would validate it (chain to
/// the trust root, SPIFFE ID of the pod's service account, key usage, expiry) and is fresh — not past its half-life
/// (when the proxy renews it) plus a margin, which would mean renewal is failing.
/// </summary>
public static class MeshCheck
{
    /// <summary>A CA with less than this left fails the check: every leaf it signs would soon stop validating.</summary>
    public static readonly TimeSpan CaExpiryMargin = TimeSpan.FromDays(30);

    /// <summary>A leaf is stale past half-life plus this fraction of its lifetime (the rotator retries after a tenth of what remains).</summary>
    public const double StaleMarginFraction = 0.1;

    public static IReadOnlyList<CheckResult> Evaluate(
        X509Certificate2 signing,
        IReadOnlyList<X509Certificate2> intermediates,
        X509Certificate2 root,
        IReadOnlyList<ProxyStatus> proxies,
        TimeProvider time)
    {
        var now = time.GetUtcNow();
        var results = new List<CheckResult>();
        foreach (var ca in new[] { root, signing }.Distinct())
        {
            var notAfter = new DateTimeOffset(ca.NotAfter.ToUniversalTime());
            var valid = now >= ca.NotBefore.ToUniversalTime() && now <= notAfter;
            var left = notAfter - now;
            results.Add(new CheckResult(
                valid && left >= CaExpiryMargin,
                !valid ? $"CA {ca.Subject} is not valid now (valid {Utc(ca.NotBefore)} to {Utc(ca.NotAfter)})"
                : left < CaExpiryMargin ? $"CA {ca.Subject} expires in {left.TotalDays:0.#} days ({Utc(ca.NotAfter)}); renew it"
                : $"CA {ca.Subject} valid until {Utc(ca.NotAfter)}"));
        }

        var validator = new PeerCertificateValidator([root], time);
        foreach (var proxy in proxies.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            results.Add(new CheckResult(proxy.Ready, proxy.Ready ? $"{proxy.Name}: proxy ready" : $"{proxy.Name}: proxy not ready (/ready did not answer 200)"));
            if (proxy.CertificatePem is null)
            {
                results.Add(new CheckResult(false, $"{proxy.Name}: no certificate published yet"));
                continue;
            }

            using var leaf = X509Certificate2.CreateFromPem(proxy.CertificatePem);
            results.Add(Chain(proxy, leaf, validator, intermediates.Append(signing).Where(c => c != root)));
            results.Add(Fresh(proxy, leaf, now));
        }

        return results;
    }

    private static CheckResult Chain(ProxyStatus proxy, X509Certificate2 leaf, PeerCertificateValidator validator, IEnumerable<X509Certificate2> intermediates)
    {
        var result = validator.Validate(leaf, intermediates, PeerRole.Server);
        if (!result.Succeeded) return new CheckResult(false, $"{proxy.Name}: certificate does not validate: {result.Failure}: {result.Message}");
        var id = result.Identity!.ToString();
        return id == proxy.ExpectedIdentity
            ? new CheckResult(true, $"{proxy.Name}: certificate for {id} chains to the trust root")
            : new CheckResult(false, $"{proxy.Name}: certificate is for {id}, expected {proxy.ExpectedIdentity}");
    }

    private static CheckResult Fresh(ProxyStatus proxy, X509Certificate2 leaf, DateTimeOffset now)
    {
        var notBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime());
        var lifetime = new DateTimeOffset(leaf.NotAfter.ToUniversalTime()) - notBefore;
        var halfLife = notBefore + (lifetime / 2);
        var stale = halfLife + (lifetime * StaleMarginFraction);
        return now <= stale
            ? new CheckResult(true, $"{proxy.Name}: certificate fresh (renews at {Utc(halfLife.UtcDateTime)}, expires {Utc(leaf.NotAfter)})")
            : new CheckResult(false, $"{proxy.Name}: certificate stale: past half-life {Utc(halfLife.UtcDateTime)} and not renewed (expires {Utc(leaf.NotAfter)})");
    }

    private static string Utc(DateTime time) => time.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture);
}

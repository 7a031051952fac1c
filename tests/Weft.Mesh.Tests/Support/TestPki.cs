using Weft.Mesh.Identity;

namespace Weft.Mesh.Tests.Support;

/// <summary>A root CA and workload certificates for the tests.</summary>
internal sealed class TestPki : IDisposable
{
    public TestPki(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        Authority = CertificateAuthority.CreateRoot("cluster.local", Time);
    }

    public static SpiffeId Frontend { get; } = SpiffeId.ForWorkload("cluster.local", "shop", "frontend");

    public static SpiffeId Cart { get; } = SpiffeId.ForWorkload("cluster.local", "shop", "cart");

    public TimeProvider Time { get; }

    public CertificateAuthority Authority { get; }

    public WorkloadCertificate Issue(SpiffeId id, TimeSpan? validity = null) => Authority.IssueWithNewKey(id, validity);

    public void Dispose() => Authority.Dispose();
}

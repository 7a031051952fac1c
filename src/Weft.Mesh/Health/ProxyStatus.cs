namespace Weft.Mesh.Health;

/// <summary>
/// What the control plane read about one meshed pod's proxy: whether <c>/ready</c> answered 200, and the
/// certificate the proxy published (PEM, public part; null when it has none yet).
/// </summary>
/// <param name="Name">"namespace/pod".</param>
/// <param name="ExpectedIdentity">The SPIFFE ID the pod's service account gives it.</param>
public sealed record ProxyStatus(string Name, string ExpectedIdentity, bool Ready, string? CertificatePem);

namespace Weft.Mesh.Identity;

/// <summary>
/// Where a proxy sends its CSR. The implementation carries the proof of who the caller is (the local runtime's pod
/// token; a projected service-account token on Kubernetes), so the CA can refuse identities the pod did not prove.
/// </summary>
public interface ICertificateIssuer
{
    ValueTask<IssueResult> IssueAsync(byte[] csrDer, CancellationToken cancellationToken);
}

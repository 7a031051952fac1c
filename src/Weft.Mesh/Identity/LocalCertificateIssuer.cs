namespace Weft.Mesh.Identity;

/// <summary>An issuer in the same process as the CA (control plane side, and tests): token review then signing.</summary>
public sealed class LocalCertificateIssuer(CertificateAuthority authority, IPodTokenReview tokens, string token) : ICertificateIssuer
{
    public ValueTask<IssueResult> IssueAsync(byte[] csrDer, CancellationToken cancellationToken)
    {
        var proved = tokens.Review(token);
        return ValueTask.FromResult(proved is null
            ? IssueResult.Fail(IssueFailure.IdentityMismatch, "pod token not recognised")
            : authority.Issue(csrDer, proved));
    }
}

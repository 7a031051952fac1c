using Weft.Mesh.Identity;

namespace Weft.Mesh.Tests.Identity;

// Only the branch that leaves the process alone is tested here: emptying the store would change the environment of
// the whole test host (the effect is checked with strace in bench/mesh/RESULTS.md, session 4).
public sealed class SystemTrustStoreTests
{
    [Fact]
    public void EmptyUnlessNeeded_SpansToAnHttpsCollector_KeepsTheSystemStore()
    {
        var before = Environment.GetEnvironmentVariable("SSL_CERT_FILE");

        SystemTrustStore.EmptyUnlessNeeded(new Uri("https://collector.example:4318/v1/traces")).ShouldBeFalse();

        Environment.GetEnvironmentVariable("SSL_CERT_FILE").ShouldBe(before);
    }
}

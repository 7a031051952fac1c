using Weft.Datapath.Policy;

namespace Weft.Datapath.Tests.Policy;

public sealed class PolicyModeTextTests
{
    [Theory]
    [InlineData("audit", PolicyMode.Audit)]
    [InlineData("AUDIT", PolicyMode.Audit)]
    [InlineData("enforce", PolicyMode.Enforce)]
    [InlineData("Enforce", PolicyMode.Enforce)]
    public void TryParse_KnownNames_InAnyCase(string text, PolicyMode expected)
    {
        PolicyModeText.TryParse(text, out var mode).ShouldBeTrue();
        mode.ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("Audit ")]
    [InlineData("permissive")]
    public void TryParse_AnythingElse_IsRejected(string? text) => PolicyModeText.TryParse(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData(PolicyMode.Audit)]
    [InlineData(PolicyMode.Enforce)]
    public void Format_RoundTripsThroughTryParse(PolicyMode mode)
    {
        PolicyModeText.TryParse(PolicyModeText.Format(mode), out var parsed).ShouldBeTrue();
        parsed.ShouldBe(mode);
    }
}

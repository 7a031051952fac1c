using Weft.Mesh.Hosting;

namespace Weft.Mesh.Tests.Hosting;

public sealed class IdleTrimPolicyTests
{
    private const long Burst = IdleTrimPolicy.IdleBytes * 100;

    [Fact]
    public void Tick_QuietAfterStart_TrimsOnceAfterTheQuietTicks()
    {
        var policy = new IdleTrimPolicy(quietTicks: 3);

        policy.Tick(1_000).ShouldBeFalse();
        policy.Tick(1_000).ShouldBeFalse();
        policy.Tick(1_000).ShouldBeTrue();
        policy.Tick(2_000).ShouldBeFalse();
        policy.Tick(3_000).ShouldBeFalse();
    }

    [Fact]
    public void Tick_DuringABurst_WaitsUntilTrafficHasStoppedForTheQuietTicks()
    {
        var policy = new IdleTrimPolicy(quietTicks: 2);
        policy.Tick(0);
        policy.Tick(0).ShouldBeTrue();

        policy.Tick(Burst).ShouldBeFalse();
        policy.Tick(Burst + 10).ShouldBeFalse();
        policy.Tick(2 * Burst).ShouldBeFalse();
        policy.Tick(2 * Burst + 10).ShouldBeFalse();
        policy.Tick(2 * Burst + 20).ShouldBeTrue();
    }

    [Fact]
    public void Tick_AllocationsBelowTheIdleThreshold_NeverCountAsTraffic()
    {
        var policy = new IdleTrimPolicy(quietTicks: 1);
        policy.Tick(0).ShouldBeTrue();
        var allocated = 0L;

        for (var i = 0; i < 100; i++)
        {
            allocated += IdleTrimPolicy.IdleBytes - 1;
            policy.Tick(allocated).ShouldBeFalse();
        }
    }

    [Fact]
    public void Tick_EveryBurst_GetsItsOwnTrim()
    {
        var policy = new IdleTrimPolicy();
        var trims = 0;
        var allocated = 0L;

        for (var burst = 0; burst < 3; burst++)
        {
            allocated += Burst;
            if (policy.Tick(allocated)) trims++;
            for (var idle = 0; idle < 5; idle++)
            {
                if (policy.Tick(allocated)) trims++;
            }
        }

        trims.ShouldBe(3);
    }

    [Fact]
    public void Trimmed_TheTrimsOwnAllocations_AreNotTraffic()
    {
        var policy = new IdleTrimPolicy(quietTicks: 1);
        policy.Tick(0).ShouldBeTrue();

        policy.Trimmed(Burst);

        policy.Tick(Burst + 10).ShouldBeFalse();
        policy.Tick(Burst + 20).ShouldBeFalse();
    }
}

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

    [Fact]
    public void Tick_NativeMemoryFreedLongAfterTheLastTrim_TrimsOnceFreeingHasSettled()
    {
        var policy = new IdleTrimPolicy(quietTicks: 2);
        policy.Tick(0, 1_000);
        policy.Tick(0, 1_000).ShouldBeTrue();
        for (var i = 0; i < 10; i++) policy.Tick(0, 1_000).ShouldBeFalse();

        // Pooled connections close long after the last request: little allocated, much freed.
        policy.Tick(1_000, 1_000 + IdleTrimPolicy.FreedBytes).ShouldBeFalse();
        policy.Tick(1_000, 1_000 + IdleTrimPolicy.FreedBytes).ShouldBeTrue();
        policy.Trimmed(1_000, 1_000 + IdleTrimPolicy.FreedBytes);
        for (var i = 0; i < 10; i++) policy.Tick(1_000, 1_000 + IdleTrimPolicy.FreedBytes).ShouldBeFalse();
    }

    [Fact]
    public void Tick_NativeMemoryFreedDuringQuietCount_DoesNotRestartIt()
    {
        var policy = new IdleTrimPolicy(quietTicks: 3);

        policy.Tick(0, 1_000).ShouldBeFalse();
        policy.Tick(0, 1_000 + (4 * IdleTrimPolicy.FreedBytes)).ShouldBeFalse();
        policy.Tick(0, 1_000 + (4 * IdleTrimPolicy.FreedBytes)).ShouldBeTrue();
    }

    [Fact]
    public void Tick_MemoryReusedThenFreedAgain_CountsFromTheLowPoint()
    {
        var policy = new IdleTrimPolicy(quietTicks: 1);
        policy.Tick(0, 3_000_000).ShouldBeTrue();
        policy.Trimmed(0, 3_000_000);

        policy.Tick(0, 500_000).ShouldBeFalse(); // reused: faulted back in
        policy.Tick(0, 3_000_000).ShouldBeFalse(); // freed again: resident until trimmed
        policy.Tick(0, 3_000_000).ShouldBeTrue();
    }

    [Fact]
    public void Tick_SmallNativeChurn_NeverCountsAsActivity()
    {
        var policy = new IdleTrimPolicy(quietTicks: 1);
        policy.Tick(0, 0).ShouldBeTrue();

        for (var i = 0; i < 100; i++) policy.Tick(0, i % 2 == 0 ? IdleTrimPolicy.FreedBytes - 1 : 0).ShouldBeFalse();
    }

    [Fact]
    public void Tick_WhileMemoryIsStillBeingFreed_WaitsUntilItSettles()
    {
        var policy = new IdleTrimPolicy(quietTicks: 3);
        policy.Tick(0, 0);
        policy.Tick(0, 0);
        policy.Tick(0, 0).ShouldBeTrue();
        policy.Trimmed(0, 0);
        var free = 0L;

        for (var i = 0; i < 5; i++)
        {
            free += IdleTrimPolicy.SettledBytes;
            policy.Tick(0, free).ShouldBeFalse();
        }

        policy.Tick(0, free).ShouldBeTrue();
        policy.Tick(0, free).ShouldBeFalse();
    }

    [Fact]
    public void Tick_MemoryFreedOnAndOff_TrimsAtMostOncePerQuietTicks()
    {
        var policy = new IdleTrimPolicy(quietTicks: 3);
        var free = 0L;
        var trims = new List<int>();

        for (var i = 0; i < 30; i++)
        {
            if (i % 2 == 0) free += IdleTrimPolicy.FreedBytes;
            if (policy.Tick(0, free)) trims.Add(i);
        }

        trims.Count.ShouldBeGreaterThan(1);
        for (var t = 1; t < trims.Count; t++) (trims[t] - trims[t - 1]).ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public void Tick_AfterABurst_TrimsOnTimeWhileTheJitStillFreesMemory()
    {
        var policy = new IdleTrimPolicy(quietTicks: 2);
        policy.Tick(0, 0);
        policy.Tick(0, 0).ShouldBeTrue();
        policy.Trimmed(0, 0);

        policy.Tick(Burst, 0).ShouldBeFalse();
        policy.Tick(Burst, IdleTrimPolicy.FreedBytes).ShouldBeFalse();
        policy.Tick(Burst, 2 * IdleTrimPolicy.FreedBytes).ShouldBeTrue();
    }
}

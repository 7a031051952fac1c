using System.Collections.Immutable;
using Weft.Api.Resources;

namespace Weft.Flows.Generation;

/// <summary>The generated policies, sorted by namespace and name, and what could not be expressed exactly.</summary>
public sealed record PolicyGenerationResult(ImmutableArray<NetworkPolicy> Policies, ImmutableArray<string> Warnings);

namespace Weft.Cni.Spec;

/// <summary>A result's interfaces[] entry; <see cref="Sandbox"/> is the netns path for container-side interfaces.</summary>
public sealed record CniInterface(string Name, string? Mac = null, string? Sandbox = null);

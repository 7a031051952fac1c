using System.Runtime.InteropServices;

namespace Weft.Mesh.Interop;

/// <summary>The glibc calls the proxy makes itself (its sockets go through .NET's own interop).</summary>
internal static partial class LibC
{
    /// <summary>
    /// malloc_trim(3): gives free memory at the top of the heap and whole free pages inside every arena back to the
    /// kernel (glibc ≥ 2.8 also trims inside arenas). Returns 1 if memory was released. Not present outside glibc
    /// (musl), hence the caller's guard.
    /// </summary>
    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    internal static partial int MallocTrim(nuint pad);
}

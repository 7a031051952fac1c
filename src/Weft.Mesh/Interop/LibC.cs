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

    /// <summary>setenv(3): the C library's environment, which OpenSSL reads (Environment.SetEnvironmentVariable does not reach it on Unix).</summary>
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SetEnv(string name, string value, int overwrite);

    /// <summary>
    /// mallinfo2(3) (glibc ≥ 2.33): the allocator's totals over all arenas; <see cref="MallInfo2.FreeBytes"/> is what
    /// freed chunks and the arenas' top chunks hold. Walks the free lists under each arena's lock, so it is called once
    /// per 10 s trim tick, never on the request path.
    /// </summary>
    [LibraryImport("libc", EntryPoint = "mallinfo2")]
    internal static partial MallInfo2 GetMallInfo2();

    /// <summary>struct mallinfo2: ten size_t fields in this order.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal readonly struct MallInfo2
    {
        public readonly nuint Arena;
        public readonly nuint OrdBlocks;
        public readonly nuint SmallBlocks;
        public readonly nuint MappedBlocks;
        public readonly nuint MappedBytes;
        public readonly nuint UsmBlocks;
        public readonly nuint FastBinBytes;
        public readonly nuint UsedBytes;
        public readonly nuint FreeBytes;
        public readonly nuint KeepCost;
    }
}

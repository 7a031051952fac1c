namespace Weft.Datapath.Policy;

/// <summary>An address range whose addresses (other than those listed exactly in the ipcache) belong to one peer class.</summary>
public readonly record struct ClassRange(AddressRange Range, uint Class);

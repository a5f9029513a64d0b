/** T-shirt sizes a persona or a machine can ask for. */
export const SIZE_NAMES = ["small", "medium", "large", "xlarge"] as const;

/** One of {@link SIZE_NAMES}. */
export type SizeName = (typeof SIZE_NAMES)[number];

/** What a size means in CPU, memory and boot disk. */
export interface SizeSpec {
  /** Virtual CPU cores. */
  readonly cores: number;
  /** Dedicated memory in MiB. */
  readonly memoryMiB: number;
  /** Boot disk in GiB. */
  readonly bootDiskGiB: number;
}

/** The size table: one place to change what "medium" means for every persona. */
export const SIZES: Readonly<Record<SizeName, SizeSpec>> = {
  small: { cores: 1, memoryMiB: 2048, bootDiskGiB: 16 },
  medium: { cores: 2, memoryMiB: 4096, bootDiskGiB: 32 },
  large: { cores: 4, memoryMiB: 8192, bootDiskGiB: 64 },
  xlarge: { cores: 8, memoryMiB: 16384, bootDiskGiB: 128 },
};

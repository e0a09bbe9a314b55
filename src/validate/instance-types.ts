/** An ECS instance type: its id, vCPUs, memory and family. */
export interface InstanceType {
  id: string;
  vcpu: number;
  memoryGiB: number;
  family: string;
}

/** Types with at least this many vCPUs are "high-end" and must be requested before use. */
export const HIGH_END_MIN_VCPU = 8;

/** The instance type suggested for E-MapReduce nodes. */
export const DEFAULT_INSTANCE_TYPE = 'ecs.g7.2xlarge';

// GiB of memory per vCPU, by the family's first letter: general purpose, compute, memory.
const RATIO: Record<string, number> = { g: 4, c: 2, r: 8 };

const SIZES_6 = ['large', 'xlarge', '2xlarge', '3xlarge', '4xlarge', '6xlarge', '8xlarge', '16xlarge'];
const SIZES_7 = [...SIZES_6, '32xlarge'];
const SIZES_8 = ['large', 'xlarge', '2xlarge', '3xlarge', '4xlarge', '6xlarge', '8xlarge', '12xlarge'];
const SIZES_8I = [...SIZES_8, '16xlarge', '24xlarge', '48xlarge'];

// family → sizes offered
const FAMILIES: Record<string, string[]> = {
  g6: SIZES_6,
  c6: SIZES_6,
  r6: SIZES_6,
  g7: SIZES_7,
  c7: SIZES_7,
  r7: SIZES_7,
  g8i: SIZES_8I,
  c8i: SIZES_8I,
  r8i: SIZES_8I,
  hfg7: SIZES_8,
  hfc7: SIZES_8,
  hfr7: SIZES_8,
};

/** vCPUs of a size name: `large` 2, `xlarge` 4, `<n>xlarge` 4n. */
function vcpuOf(size: string): number {
  if (size === 'large') return 2;
  return 4 * (Number(size.slice(0, -'xlarge'.length)) || 1);
}

/**
 * A realistic slice of the ECS catalog (enterprise families g/c/r 6, 7, 8i and
 * high-frequency hf*7), memory 1:4 (g), 1:2 (c), 1:8 (r) per vCPU.
 */
export const INSTANCE_TYPES: readonly InstanceType[] = Object.freeze(
  Object.entries(FAMILIES).flatMap(([family, sizes]) =>
    sizes.map((size) => {
      const vcpu = vcpuOf(size);
      const ratio = RATIO[family.replace(/^hf/, '').charAt(0)]!;
      return Object.freeze({ id: `ecs.${family}.${size}`, vcpu, memoryGiB: vcpu * ratio, family });
    }),
  ),
);

/** The instance type with this id, if it is in the catalog. */
export function findInstanceType(id: string): InstanceType | undefined {
  return INSTANCE_TYPES.find((t) => t.id === id);
}

import type { store as en } from '../en/store.js';

/** 本地文件相关的消息：配置目录、其中的文件、运行锁与短时互斥锁。 */
export const store: Record<keyof typeof en, string> = {
  'store.corrupt': '{file} 已损坏（{reason}），未做任何改动。',
  'store.unreadable': '无法读取 {file}（{reason}）。',
  'store.unreadableHint': '请确认 {file} 属于当前用户且可读（权限应为 0600）。',
  'store.unwritable': '无法写入 {file}（{reason}）。',
  'store.unwritableHint': '请确认磁盘有剩余空间，且 {file} 所在目录属于当前用户。',
  'store.readOnlyHint':
    '{dir} 位于只读文件系统上，而 onboard 即使只是读取，也要在其文件旁写入（模拟云的锁文件）。请改用可写文件系统上的配置目录：--config-dir <目录> 或 ONBOARD_CONFIG_DIR。',
  'store.locked':
    '另一个 onboard 进程（pid {pid}，`{command}`，始于 {since}）正在使用此配置。请等待它结束，或将其停止。',
  'store.lockedHint': '如果进程 {pid} 并不是 onboard，请删除 {file} 后重新运行。',
  'store.busy': '{file} 被另一个 onboard 进程锁定的时间过长。',
  'store.busyHint': '请稍后重新运行该命令。如果问题持续出现，请删除 {file}。',
  'store.lockedElsewhere':
    '{file} 由另一台机器上的 onboard 进程持有（{host}：pid {pid}，`{command}`，始于 {since}）；onboard 无法在本机判断该进程是否仍在运行。',
  'store.lockedElsewhereHint':
    '从 CI 缓存恢复、或从另一台机器复制过来的配置目录会带着这样的锁。如果 {host} 上已没有 onboard 进程在使用此文件夹，请删除该锁后重新运行：{remove}',
  'store.ownerNotKept':
    '{file} 属于 {owner}，本次运行无法保持其所有者不变（替换它会使其归运行 onboard 的用户所有），因此未做任何改动。',
  'store.ownerNotKeptHint':
    '请以 {file} 的所有者身份运行 onboard（而不是 `root` 或其他用户），或先将该文件交给运行 onboard 的用户。',
  'store.modeFixed': '{file} 可被其他用户读取（权限 {from}），已改为 {to}。',
  'store.dirNotPrivate':
    '{file} 可被其他用户读取（权限 {mode}），且包含不属于 onboard 的文件，因此 onboard 既不会使用它，也不会更改其权限。',
  'store.dirNotPrivateHint':
    '请使用单独的文件夹，例如 --config-dir ~/.config/onboard，或将 {file} 设为私有（chmod 700）。',
  'output.unwritable': '无法写入标准输出（{reason}）。',
  'output.unwritableHint':
    '原本要输出的 Secret 未能交付给您：该 AccessKey 已被禁用并删除。请在输出可写时重新运行，或使用 --csv。',
  'store.notAFile': '{file} 是 FIFO、套接字或设备，而不是文件：onboard 不会打开它（否则可能一直等待）。',
  'store.notRegularFile': '{file} 是文件夹或符号链接，而不是文件：onboard 不会打开或跟随它。',
  'store.notAFileHint': '请将 {file} 移到别处（如果不需要保留也可删除），然后重新运行。',
  'store.migrateConflict':
    '{file}（早先的单文件本地存储）与 {other} 都保存了配置 {profile}，且内容不同。onboard 未改动其中任何一个。',
  'store.migrateConflictHint':
    '如果 {other} 是当前的版本，请将 {file} 移到别处（例如 {file}.migrated）；否则请将 {other} 移到别处。然后重新运行。',
  'store.stateCorrupt': '{file} 无法使用（{reason}），文件保持原样未被改动。',
  'store.stateCorruptFix':
    '将其移到别处后用 `{onboard} reset --yes` 重新开始（只清除本地进度，云上资源保留），或从备份恢复 {file}。',
};

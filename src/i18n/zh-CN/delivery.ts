import type { delivery as en } from '../en/delivery.js';
/** 简体中文：AccessKey 的交付（仅显示一次、CSV、中断修复、数量上限）。 */
export const delivery: Record<keyof typeof en, string> = {
  'delivery.needed': 'AccessKey Secret 仅显示一次，因此非交互运行必须指明其去向：{flags}。',
  'delivery.stdoutKeepsNothing':
    '{where}：标准输出是 /dev/null，Secret 会因此丢失。请将标准输出重定向到文件或管道，或改用 {files}。',
  'delivery.csvExists': '{where}：{path} 已存在；不会覆盖已有文件。请换一个路径。',
  'delivery.csvNoFolder': '{where}：{path} 所在的文件夹不存在或不可写入，请换一个路径。',
  'delivery.csvBadName': '{where}：{path} 无法作为文件名（过长，或含有文件名不允许的字符）。请换一个路径。',
  'delivery.csvNoFolderShort': '{path} 所在的文件夹不存在或不可写入',
  'delivery.csvUnwritable': '{where}：无法写入 {path}（{reason}），该 AccessKey 已被删除。请换一个路径。',
  'delivery.csvTaken': '{path} 已存在；请换一个路径',
  'delivery.creating': '正在创建 AccessKey',
  'delivery.csvNotIgnored':
    '{path} 位于 git 工作区 {root} 中，且未被忽略：请把 *AccessKey*.csv 加入其 .gitignore，以免 Secret 被提交。',
  'delivery.csvMaybeTracked':
    '{path} 位于 git 工作区 {root} 中，可能会被跟踪（没有 git 可用于检查 .gitignore）：请勿将 Secret 提交到仓库。',
  'delivery.csvWritten': '已将 AccessKey 保存到 {path}（仅您本人可读）。',
  'delivery.secretTitle.root': '账号本身的新 AccessKey（主账号 AccessKey）',
  'delivery.secretTitle.ram': 'RAM 用户 {name} 的新 AccessKey',
  'delivery.secretFor.root': '账号本身的 AccessKey（主账号 AccessKey）：',
  'delivery.secretFor.ram': 'RAM 用户 {name} 的 AccessKey：',
  'delivery.idLabel': 'AccessKey ID',
  'delivery.secretLabel': 'AccessKey Secret',
  'delivery.secretOnce': 'Secret 仅在此时显示一次，之后任何人（包括阿里云）都无法再次查看。',
  'delivery.offerCsv': '是否同时保存到 CSV 文件？',
  'delivery.confirmSaved': '我已保存 AccessKey Secret',
  'delivery.recoveredCsv': '上次中断的运行已将 AccessKey {id} 写入 {csv}；视为已交付。',
  'delivery.askShownSaved':
    '上次中断的运行已向您显示 AccessKey {id} 的 Secret。您保存了吗？（如未保存，该 AccessKey 将被禁用并删除。）',
  'delivery.removedOrphan': 'AccessKey {id} 已创建，但其 Secret 未能交付给您，因此已将其禁用并删除。',
  'delivery.removedUnconfirmed': 'AccessKey {id} 曾由中断的运行显示，但未确认已保存，因此已将其禁用并删除。',
  'delivery.gaveUp': '未能创建可将 Secret 交付给您的 AccessKey；请重新运行。',
  'delivery.limitReached': '已有 {count} 个 AccessKey，已达上限（{limit} 个，启用和禁用的合计）。',
  'delivery.askWhichKey': '需要腾出一个名额，要处理哪个 AccessKey？',
  'delivery.askAction': '如何处理 {id}？',
  'delivery.actionDisable': '禁用（立即失效，但仍占用名额）',
  'delivery.actionDisableDelete': '禁用并删除',
  'delivery.actionDelete': '删除',
  'delivery.cancel': '取消（保留所有 AccessKey）',
  'delivery.usedHere': '（由本配置交付）',
  'delivery.createdAt': '创建于 {at}',
  'delivery.limitHint':
    '最多 {limit} 个 AccessKey（启用和禁用的合计）。用 `{list}` 查看，禁用不再使用的（`keys disable <id>`）并删除（`keys delete <id>`），然后重新运行。',
  'delivery.target.unknown':
    '"{value}" 不是可用的目标；可用的目标为 `aliyun-cli[:<name>]`、`credentials[:<name>]` 和 `env`',
  'delivery.target.envName': '"{value}" 不是可用的目标：env 不带名称',
  'delivery.target.nameChars': '"{value}" 不是可用的目标：名称为 1-64 个 `A-Z a-z 0-9 _ . -` 字符',
  'delivery.target.sectionDot':
    '"{value}" 不是可用的目标：节名称不能包含 "."（Node.js SDK 会把 [a.b] 读作嵌套的节）',
  'delivery.target.sectionReserved': '"{value}" 不是可用的目标：[{name}] 是 INI 文件的保留名称',
  'delivery.target.sectionBuiltIn':
    '"{value}" 不是可用的目标：官方 Node.js SDK 的 INI 解析器会把名为 [{name}] 的节写到读取该文件的每个程序的内置对象上',
  'delivery.target.sectionBuiltInProfile':
    '{value} 会以配置名 [{name}] 作为节名称，而官方 Node.js SDK 的 INI 解析器会把它写到读取该文件的每个程序的内置对象上；请指定节名称：`credentials:<name>`',
  'delivery.targetTwice': '{value} 指定了两次',
  'delivery.target.profileExists': '{where}：{path} 中已有名为 {name} 的配置；未创建任何内容。',
  'delivery.target.overwriteHint': '请换一个名称（例如 {example}），或使用 --overwrite-profile 替换它。',
  'delivery.target.unparseable': '{where}：{path} 无法按其工具的格式读取（{detail}）；未做任何改动。',
  'delivery.target.looseMode': '{where}：{path} 可被其他用户读取；请先将其设为私有（chmod 600 {path}）。',
  'delivery.target.notRegularFile': '{where}：{path} 不是普通文件（{detail}）。',
  'delivery.target.unwritable': '{where}：无法写入 {path}（{detail}）。',
  'delivery.target.ownerNotKept':
    '{where}：{path} 属于 {detail}，本次运行无法保持其所有者不变（替换它会使其归运行 onboard 的用户所有）；请以该用户身份运行 onboard。',
  'delivery.target.changedMeanwhile':
    '{where}：在本次运行向 {path} 保存 AccessKey 时，另一个程序修改了该文件，因此 AccessKey 未保存到那里；请重新运行。',
  'delivery.target.folderUnusable': '{where}：无法创建或写入 {path} 所在的文件夹（{detail}）。',
  'delivery.envWithJson':
    '{where}：env 会在标准输出打印 export 行，而 --json 需要标准输出来输出文档；请二选一。',
  'delivery.envWithShowSecret': '{where}：env 已以 export 行打印 Secret；--show-secret 会重复打印。',
  'delivery.savedCli': 'aliyun CLI 的配置 {profile}（{path}）',
  'delivery.savedCredentials': 'SDK 凭证文件 {path} 中的 [{profile}]',
  'delivery.saved': '已保存为 {where}。',
  'delivery.credentialsNote':
    'SDK 默认读取此文件（用 ALIBABA_CLOUD_PROFILE 选择小节）；默认文件不同的 SDK（如 Python SDK 的 credentials.ini）可通过 ALIBABA_CLOUD_CREDENTIALS_FILE 找到它。',
  'delivery.recoveredTarget': '上次中断的运行已交付 AccessKey {id}：{where}',
  'delivery.removedTarget': '已移除为该 AccessKey 写入的内容：{where}',
  'delivery.confirmReplace': '{path} 中已有名为 {name} 的配置。要替换它吗？',
  'delivery.askTargets': '是否同时交给您的工具使用？',
  'delivery.offerCli': 'aliyun CLI（配置 {name}）',
  'delivery.offerCliHelp': '~/.aliyun/config.json',
  'delivery.offerCredentials': 'SDK 凭证文件（小节 [{name}]）',
  'delivery.offerCredentialsHelp': '~/.alibabacloud/credentials，或 ALIBABA_CLOUD_CREDENTIALS_FILE',
  'delivery.offerBoth': '两者都要',
  'delivery.offerNone': '不需要',
  'delivery.yourChoice': '您的选择',
  'delivery.csvBadNameShort': '{path} 无法作为文件名（过长，或含有文件名不允许的字符）',
};

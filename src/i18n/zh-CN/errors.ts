import type { errors as en } from '../en/errors.js';
/** 简体中文：类型化错误与错误边界的消息。 */
export const errors: Record<keyof typeof en, string> = {
  'error.providerRefused': '{code}：{message}（请求 ID：{requestId}）',
  'error.providerRefusedLocal': '{code}：{message}',
  'error.interrupted': '已中断。截至最后一个已完成操作的进度均已保留；再次运行同一命令即可继续。',
  'error.unexpected': '意外失败：{message}',
  'error.unexpectedHint': '这是程序缺陷。请设置 DEBUG=onboard 后重新运行，以查看调用栈。',
  'error.label': '错误',
  'error.hintLabel': '解决方法',
};

/** `onboard sim serve`（SPEC §5.1）及其他命令中与之相关的提示。 */
export const serve = {
  'cli.simServe': '以阿里云真实协议通过 HTTP 提供模拟云服务，直到被停止',
  'cli.simServeHost': '监听的地址',
  'cli.simServePort': '监听的端口；0 表示自动选择空闲端口',
  'cli.simServeLog':
    '写出请求日志：写到 stderr，或追加到此文件（每个请求一行：方法、产品、操作、状态、错误码、毫秒数）',
  'serve.rule.log': '文件路径，或 1 表示 stderr',
  'serve.logUnwritable': '无法将请求日志写入 {file}（{where}）：{reason}',
  'serve.rule.host': 'IP 地址或主机名，例如 127.0.0.1',
  'serve.rule.port': '0 到 65535 之间的整数（0 表示自动选择空闲端口）',
  'serve.listenFailed': '无法在 {host} 的端口 {port} 上监听：{reason}',
  'serve.listenFailedHint': '请用 --port 换一个端口（0 表示自动选择空闲端口）。',
  'serve.listening':
    '模拟云（{file}）已在 http://{endpoint} 上提供服务：RAM、IMS、STS、ECS、配额中心、MaxCompute 和 OSS。按 Ctrl-C 停止。',
  'serve.publicHost':
    '警告：--host {host} 不是回环地址：模拟器将应答网络上的请求。任何能访问本机的人都可以调用模拟云（持有截获的密钥即可冒充其所有者）。除非确有此意，请使用 127.0.0.1。',
  'serve.stopping': '正在停止：等待处理中的请求完成。',
  'serve.stopped': '已停止。',
  'serve.backendError': '模拟云处理请求时出错：{message}',
  'keys.cannotSignMark': '! 无法为发往 onboard sim serve 的请求签名（创建于版本 2 之前）',
  'keys.cannotSignHint': '标有 ! 的密钥在 onboard 内仍可使用；如需签名请求，请新建一个：{command}',
  'providerError.NoSuchBucket': '不存在该名称的存储空间（可能已被删除）。',
} as const;

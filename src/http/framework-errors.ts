/** Fastify's and @fastify/multipart's own 4xx errors (FST_* codes), in plain Chinese. */
const PLAIN: Record<string, string | ((limit: number) => string)> = {
  FST_ERR_CTP_BODY_TOO_LARGE: (limit) => `请求体过大：不能超过${megabytes(limit)}`,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: '不支持该请求体类型（Content-Type）',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: '请求体长度与 Content-Length 不符',
  FST_ERR_CTP_EMPTY_JSON_BODY: '请求体为空，但 Content-Type 声明为 JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: '请求体不是有效的 JSON',
  FST_ERR_BAD_URL: '网址中有无效的字符',
  FST_ERR_MAX_PARAM_LENGTH: '网址中的参数过长',
  FST_ERR_ROUTE_MISSING_CONTENT_TYPE: '请求缺少 Content-Type',
  FST_ERR_ROUTE_MISSING_CONTENT: '请求缺少请求体',
  FST_REQ_FILE_TOO_LARGE: '文件过大',
  FST_FILES_LIMIT: '一次只能上传一个文件',
  FST_PARTS_LIMIT: '表单的部分过多',
  FST_FIELDS_LIMIT: '表单字段过多',
  FST_PROTO_VIOLATION: '表单字段名无效',
  FST_INVALID_MULTIPART_CONTENT_TYPE: '请以 multipart/form-data 上传文件',
  FST_INVALID_JSON_FIELD_ERROR: '表单字段不是有效的 JSON',
  FST_MP_PREMATURE_CLOSE: '上传未完成，连接已断开',
}

const megabytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`

/** The message for a framework 4xx error; `bodyLimit` is the route's, for the one about size. */
export function zhFrameworkError(code: string | undefined, bodyLimit: number): string {
  const plain = code !== undefined && Object.hasOwn(PLAIN, code) ? PLAIN[code] : undefined
  if (plain === undefined) return '请求无效'
  return typeof plain === 'string' ? plain : plain(bodyLimit)
}

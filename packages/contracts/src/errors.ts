/** Error codes and their messages. Every error the API returns has the shape {code, message, details}. */
export const ERROR_MESSAGES = {
  "validation.failed": { "zh-CN": "提交的内容有误，请检查标出的字段", en: "The request has invalid fields" },
  "request.malformed": { "zh-CN": "请求格式不正确", en: "The request could not be read" },
  "request.too_large": { "zh-CN": "提交的内容过大", en: "The request body is too large" },
  "request.unsupported_media_type": { "zh-CN": "不支持的内容类型", en: "Unsupported content type" },
  "auth.required": { "zh-CN": "请先登录", en: "Please log in" },
  "auth.invalid_credentials": { "zh-CN": "用户名或密码错误", en: "Wrong username or password" },
  "auth.locked": {
    "zh-CN": "登录失败次数过多，请稍后再试",
    en: "Too many failed attempts; try again later",
  },
  "auth.account_disabled": { "zh-CN": "账号已停用，请联系管理员", en: "This account is disabled" },
  "auth.session_expired": { "zh-CN": "登录已过期，请重新登录", en: "Your session has expired; please log in again" },
  "auth.csrf": { "zh-CN": "页面已过期，请刷新后重试", en: "Missing or wrong CSRF token; reload and retry" },
  "auth.wrong_password": { "zh-CN": "当前密码不正确", en: "The current password is wrong" },
  "auth.weak_password": {
    "zh-CN": "新密码至少 10 位，且须同时包含字母和数字",
    en: "The new password needs at least 10 characters with letters and digits",
  },
  "auth.invalid_api_key": { "zh-CN": "API 密钥无效或已吊销", en: "Invalid or revoked API key" },
  forbidden: { "zh-CN": "您没有执行此操作的权限", en: "You are not allowed to do this" },
  not_found: { "zh-CN": "找不到该内容，或您无权查看", en: "Not found" },
  "route.not_found": { "zh-CN": "接口不存在", en: "No such endpoint" },
  "conflict.username_taken": { "zh-CN": "用户名已被占用", en: "That username is taken" },
  "conflict.duplicate": { "zh-CN": "该记录已存在", en: "This record already exists" },
  "domain.scope_required": {
    "zh-CN": "该角色的账号必须绑定一个辖区",
    en: "Accounts with this role must be bound to an area",
  },
  "domain.scope_outside": {
    "zh-CN": "不能把账号绑定到您辖区以外的地方",
    en: "You cannot bind an account outside your own scope",
  },
  "domain.area_unknown": { "zh-CN": "该区划不存在", en: "No such area" },
  "domain.area_parent_mismatch": {
    "zh-CN": "区划代码与上级区划不一致",
    en: "The area code does not extend its parent's code",
  },
  "domain.cannot_disable_self": { "zh-CN": "不能停用自己的账号", en: "You cannot disable your own account" },
  // The registry: areas, party organisations, units and the roles people hold.
  "domain.area_outside_scope": { "zh-CN": "该区划不在您的辖区内", en: "That area is outside your scope" },
  "domain.area_level_mismatch": { "zh-CN": "该区划的层级不符合要求", en: "The area is not of the level this needs" },
  "domain.attr_not_for_level": { "zh-CN": "该分类不适用于此层级的区划", en: "This classification does not apply to an area of this level" },
  "domain.demonstration_funding": { "zh-CN": "只有示范点才登记示范经费", en: "Only a demonstration point records demonstration funding" },
  "domain.resources_community_only": { "zh-CN": "只有社区登记“三有”情况", en: "Only communities record staff, funds and venue (三有)" },
  "domain.party_org_basis": {
    "zh-CN": "非建制特色党支部须注明组建方式（地缘、业缘、趣缘），其他党组织不填",
    en: "A featured branch needs a basis (geographic, occupational, interest); other kinds take none",
  },
  "domain.party_org_level": {
    "zh-CN": "该类党组织不能建在此层级的区划",
    en: "This kind of organisation cannot be set up at an area of this level",
  },
  "domain.party_org_parent_required": { "zh-CN": "该类党组织须有上级党组织", en: "This kind of organisation needs a parent organisation" },
  "domain.party_org_parent_kind": {
    "zh-CN": "上级党组织的类型与组织层级不符",
    en: "An organisation of the parent's kind cannot hold one of this kind",
  },
  "domain.party_org_outside_parent": {
    "zh-CN": "党组织所在区划须在上级党组织的区划内",
    en: "An organisation must lie inside its parent's area",
  },
  "domain.party_org_cycle": {
    "zh-CN": "不能把党组织设为自己或其下级组织的下级",
    en: "An organisation cannot be placed under itself or one of its own sub-organisations",
  },
  "domain.party_org_children": {
    "zh-CN": "下级党组织与新的类型或区划不符，请先调整下级组织",
    en: "Its sub-organisations do not fit the new kind or area; move them first",
  },
  "domain.party_org_unknown": { "zh-CN": "该党组织不存在或不在您的辖区内", en: "No such party organisation in your scope" },
  "domain.person_unknown": { "zh-CN": "该人员不存在或不在您的辖区内", en: "No such person in your scope" },
  "domain.unit_unknown": { "zh-CN": "该单位不存在或不在您的辖区内", en: "No such unit in your scope" },
  "domain.grid_unknown": { "zh-CN": "该网格不存在或不在您的辖区内", en: "No such grid in your scope" },
  "domain.street_relation_government_only": {
    "zh-CN": "只有机关事业单位登记与街道的关系",
    en: "Only government units record a relation to the street",
  },
  "domain.party_status_org": {
    "zh-CN": "党组织覆盖情况与所填党组织不符：单建须有本单位党组织，联建须填联合党组织，未建不填",
    en: "The party status does not match the organisation: own needs the unit's own organisation, joint a joint one, none none",
  },
  // Grids: the grid concerned is named in details (gridId, gridCode, gridName; null when outside the actor's scope).
  "domain.grid_invalid_geometry": {
    "zh-CN": "网格边界无效：每个环须闭合、至少有三个不同的顶点、不自相交、面积不为零，内环须在外环之内",
    en: "Invalid grid boundary: each ring must be closed, have three distinct vertices, not cross itself and enclose an area; holes must lie inside",
  },
  "domain.grid_outside_parent": { "zh-CN": "网格边界超出了上级网格的范围", en: "The grid's boundary goes outside its parent grid" },
  "domain.grid_overlap": { "zh-CN": "网格边界与同级网格重叠", en: "The grid's boundary overlaps a sibling grid" },
  "domain.grid_child_outside": {
    "zh-CN": "修改后的网格不再包含其下级网格，请先调整下级网格",
    en: "After this change the grid no longer holds one of its sub-grids; move that one first",
  },
  "domain.grid_area_outside_parent": {
    "zh-CN": "网格所属区划不在上级网格的区划之内",
    en: "The grid's area lies outside its parent grid's area",
  },
  "domain.grid_parent_level": {
    "zh-CN": "上级网格的层级须高于本网格（街道—社区—小区）",
    en: "A parent grid must be of a higher level (street, community, compound)",
  },
  "domain.case_transition": {
    "zh-CN": "当前状态下不能执行该操作，或您不是该事项的办理方",
    en: "This step is not allowed in the case's current status, or not for you",
  },
  "conflict.case_changed": { "zh-CN": "该事项刚被他人处理过，请刷新后重试", en: "The case was changed meanwhile; reload and retry" },
  // Excel imports and exports; a row's own problems are listed in the import's report, not here.
  "import.file_required": {
    "zh-CN": "请上传按模板填写的 Excel 文件（.xlsx，表单字段 file）",
    en: "Upload an .xlsx file filled in from the template (form field `file`)",
  },
  "import.not_xlsx": {
    "zh-CN": "无法读取该文件：请上传 Excel 2007 及以上版本的 .xlsx 文件",
    en: "The file is not a readable .xlsx workbook",
  },
  "import.wrong_template": {
    "zh-CN": "表头与模板不符，请下载模板后按模板填写",
    en: "The header row does not match the template; download the template and fill it in",
  },
  "import.empty": { "zh-CN": "文件中没有要导入的数据行", en: "The file holds no rows to import" },
  "import.too_many_rows": { "zh-CN": "一次至多导入 5000 行，请分批导入", en: "At most 5,000 rows per import; split the file" },
  "import.geojson_invalid": {
    "zh-CN": "GeoJSON 文件无效：须为 FeatureCollection，每个要素的 properties.code 为网格编码",
    en: "Invalid GeoJSON file: it must be a FeatureCollection whose features carry the grid code in properties.code",
  },
  "import.invalid": {
    "zh-CN": "文件中有错误，未导入任何数据；请按报告修改，或选择只导入有效的行",
    en: "The file has errors and nothing was imported; fix them, or import the valid rows only",
  },
  "export.too_many_rows": {
    "zh-CN": "导出的数据超过 100000 行，请缩小筛选范围后分批导出",
    en: "The export would exceed 100,000 rows; narrow the filters",
  },
  // Intake, analysis and the ledger of cases; categories, the working calendar and the routing table.
  "domain.case_location_required": {
    "zh-CN": "请在地图上选择发生地点，或选择所在社区",
    en: "Pick the place on the map, or choose the community it is in",
  },
  "domain.case_location_unknown": {
    "zh-CN": "所选地点不在任何网格内，请重新选点，或选择所在社区",
    en: "The point lies in no grid; pick it again, or choose the community",
  },
  "domain.case_category_unknown": { "zh-CN": "该诉求类别不存在或已停用", en: "No such category, or it is no longer in use" },
  "domain.case_attributes_invalid": {
    "zh-CN": "补充信息填写不完整或不正确，请检查标出的项目",
    en: "The additional questions are incomplete or invalid",
  },
  "domain.case_photo_invalid": {
    "zh-CN": "照片须为 JPEG、PNG 或 WebP 图片，每张不超过 2 MB，最多 6 张",
    en: "Photos must be JPEG, PNG or WebP images of at most 2 MB each, six at most",
  },
  "domain.case_idempotency_key_required": {
    "zh-CN": "提交缺少防重复编号（Idempotency-Key），请刷新页面后重新提交",
    en: "The submission needs an Idempotency-Key header (or idempotencyKey field)",
  },
  "conflict.case_idempotency_mismatch": {
    "zh-CN": "该防重复编号已用于另一份内容不同的提交",
    en: "This idempotency key was already used for a different submission",
  },
  "domain.case_handler_unknown": {
    "zh-CN": "办理方不存在，或与事项所在区域不符",
    en: "No such handler, or it does not serve the case's area",
  },
  "domain.case_merge_target": {
    "zh-CN": "只能合并到辖区内另一件未办结、未被合并的事项",
    en: "A case can only be merged into another open, unmerged case in your scope",
  },
  "domain.case_batch_file": {
    "zh-CN": "无法读取该文件：请上传 .xlsx 表格（表单字段 file），表头须含“外部编号”和“标题”",
    en: "Upload an .xlsx workbook (form field `file`) whose header row has 外部编号 and 标题",
  },
  "domain.case_batch_empty": { "zh-CN": "没有要导入的记录", en: "No records to import" },
  "domain.category_parent": {
    "zh-CN": "上级分类须为同一大类下的一级分类",
    en: "The parent must be a top-level category of the same family",
  },
  "domain.category_in_use": {
    "zh-CN": "该分类已被事项、下级分类或分派规则使用，不能删除，可改为停用",
    en: "The category is used by cases, sub-categories or routing rules; deactivate it instead",
  },
  "conflict.category_code_taken": { "zh-CN": "该分类编码已存在", en: "That category code is taken" },
  // Handling a case: escalation and the resident's rating.
  "domain.case_escalate_top": {
    "zh-CN": "没有可以上报的上一级（已在街道层级），请改为吹哨或转交职能部门",
    en: "There is no level above the current handler (the street); blow a whistle or transfer the case instead",
  },
  "domain.case_rating_window_closed": {
    "zh-CN": "评价期已过，不能再评价",
    en: "The rating period is over",
  },
  // 吹哨报到 and 动态考核.
  "domain.whistle_case_unknown": { "zh-CN": "该事项不存在或不在您的辖区内", en: "No such case in your scope" },
  "domain.whistle_case_closed": {
    "zh-CN": "该事项已办结或已关闭，不能再吹哨",
    en: "The case is no longer open; no whistle can be blown on it",
  },
  "domain.whistle_area_mismatch": {
    "zh-CN": "吹哨的区域须包含该事项的发生地",
    en: "A whistle on a case must be blown in an area that holds the case",
  },
  "domain.whistle_party_unknown": {
    "zh-CN": "所召集的部门或单位不存在，或不在可召集的范围内",
    en: "A summoned department or unit does not exist or cannot be summoned from your scope",
  },
  "domain.whistle_closed": { "zh-CN": "该吹哨事项已关闭", en: "The whistle is closed" },
  "domain.whistle_not_signed": {
    "zh-CN": "请先签收，再记录联系或反馈结果",
    en: "Sign for the task before recording contact or the result",
  },
  "conflict.whistle_step_done": { "zh-CN": "该步骤已经记录过了", en: "This step has already been recorded" },
  "conflict.whistle_already_closed": { "zh-CN": "该吹哨事项已经关闭", en: "The whistle is already closed" },
  "domain.assessment_period": {
    "zh-CN": "考核期间不正确：结束日期不能早于开始日期，且不超过十年",
    en: "Invalid period: it must not end before it starts, nor span more than ten years",
  },
  // Party members and volunteers: 双报到, activities and hours, micro-wishes, pairing, points.
  "domain.not_party_member": { "zh-CN": "只有党员才能办理此项", en: "Only a party member can do this" },
  "domain.no_person_linked": {
    "zh-CN": "您的账号尚未关联人员信息，请联系社区工作人员",
    en: "Your account is not linked to a person in the registry; ask the community staff",
  },
  "domain.report_in_community": { "zh-CN": "报到的须为社区", en: "A report-in is made to a community" },
  "conflict.report_in_exists": { "zh-CN": "今年已向该社区报到或提交过申请", en: "Already reported in (or requested) there this year" },
  "domain.report_in_state": { "zh-CN": "该报到申请已处理过", en: "This report-in has already been decided" },
  "domain.volunteer_required": {
    "zh-CN": "请先登记为志愿者再报名",
    en: "Register as a volunteer before signing up",
  },
  "conflict.volunteer_exists": { "zh-CN": "此人已登记为志愿者", en: "This person is already a volunteer" },
  "domain.team_unknown": { "zh-CN": "该志愿服务队不存在或不在您的辖区内", en: "No such volunteer team in your scope" },
  "domain.station_unknown": { "zh-CN": "该志愿服务站不存在或不在您的辖区内", en: "No such volunteer station in your scope" },
  "domain.activity_closed": { "zh-CN": "该活动已取消或已结束，不能再报名或退出", en: "The activity is cancelled or over" },
  "conflict.activity_full": { "zh-CN": "名额已满，报名未成功", en: "The activity is full" },
  "conflict.already_signed_up": { "zh-CN": "您已报名该活动", en: "You have already signed up" },
  "domain.signup_unknown": { "zh-CN": "报名记录不存在或不属于该活动", en: "No such sign-up for this activity" },
  "domain.signup_state": { "zh-CN": "该报名当前状态下不能执行此操作", en: "The sign-up is not in a state that allows this" },
  "domain.activity_not_started": {
    "zh-CN": "活动开始后才能登记出勤和服务时长",
    en: "Attendance is recorded once the activity has started",
  },
  "domain.hours_verified": { "zh-CN": "服务时长已核实，不能再修改", en: "The hours are verified and can no longer change" },
  "domain.service_exceeds_activity": {
    "zh-CN": "服务时长不能超过活动时长",
    en: "Service time cannot exceed the activity's duration",
  },
  "domain.wish_state": { "zh-CN": "该微心愿当前状态下不能执行此操作", en: "The wish is not in a state that allows this" },
  "conflict.wish_claimed": {
    "zh-CN": "该微心愿已被他人认领，请选择其他心愿",
    en: "Someone else has already claimed this wish; pick another one",
  },
  "domain.wish_not_claimant": { "zh-CN": "只有认领人才能登记心愿实现情况", en: "Only the claimant records the fulfilment" },
  "domain.wish_wisher_required": {
    "zh-CN": "代办心愿须选择心愿人",
    en: "A wish posted on someone's behalf needs the wisher",
  },
  "domain.claim_as_invalid": {
    "zh-CN": "以队伍认领须是该队队长或队员，以单位认领须是单位账号",
    en: "Claim for a team you lead or belong to, or for your unit from a unit account",
  },
  "domain.pairing_member": { "zh-CN": "结对的帮扶人须为党员", en: "The helper in a pair must be a party member" },
  "conflict.pairing_exists": { "zh-CN": "二人已结对", en: "These two are already paired" },
  "domain.pairing_ended": { "zh-CN": "该结对已结束", en: "This pair has ended" },
  "domain.contact_in_future": { "zh-CN": "联系时间不能晚于现在", en: "A contact cannot be in the future" },
  "domain.point_item_state": { "zh-CN": "该积分事项已审核过", en: "This item has already been decided" },
  "domain.point_item_points": { "zh-CN": "其他贡献须填写申请的分值", en: "Another contribution needs the points asked for" },
  rate_limited: { "zh-CN": "请求过于频繁，请稍后再试", en: "Too many requests; slow down" },
  internal: { "zh-CN": "服务器出错了，请稍后再试", en: "Something went wrong on the server" },
  unavailable: { "zh-CN": "服务暂不可用", en: "Service unavailable" },
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
export type Locale = "zh-CN" | "en";

/** The JSON body of every error response. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Field-level validation messages, keyed by the zod issue code or our own message keys. */
export const FIELD_MESSAGES: Record<string, Record<Locale, string>> = {
  required: { "zh-CN": "必填", en: "Required" },
  invalid_type: { "zh-CN": "类型不正确", en: "Wrong type" },
  too_small: { "zh-CN": "太短或太小", en: "Too short or too small" },
  too_big: { "zh-CN": "太长或太大", en: "Too long or too large" },
  invalid_format: { "zh-CN": "格式不正确", en: "Wrong format" },
  invalid_value: { "zh-CN": "取值不在允许范围内", en: "Value not allowed" },
  unrecognized_keys: { "zh-CN": "包含不认识的字段", en: "Unknown fields" },
  invalid_area_code: { "zh-CN": "区划代码应为 12、15 或 18 位数字", en: "Area codes have 12, 15 or 18 digits" },
  invalid_id_number: { "zh-CN": "身份证号格式不正确", en: "Invalid ID number" },
  invalid_phone: { "zh-CN": "手机号格式不正确", en: "Invalid phone number" },
  weights_sum: { "zh-CN": "三项权重之和须为 100", en: "The three weights must add up to 100" },
  custom: { "zh-CN": "内容不正确", en: "Invalid value" },
};

/** Picks zh-CN or en from an Accept-Language header; zh-CN is the default. */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return "zh-CN";
  for (const part of acceptLanguage.split(",")) {
    const tag = part.split(";")[0]?.trim().toLowerCase() ?? "";
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return "zh-CN";
}

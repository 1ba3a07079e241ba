import type { CaseCategory, CategoryAttribute, CategoryFamily, DeadlineRule } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { Deps } from "../../platform/context.js";
import { seedCalendarDays } from "../calendar/calendar.repository.js";
import { insertCategory } from "./categories.repository.js";

/**
 * The category table a new database starts with (DOMAIN §4): the events (事件) and parts (部件) of digital city
 * management beside the classes of social governance, two levels with codes, each with its deadline rules.
 * Deadlines follow hotline practice — urgent 2 working hours; water, power, gas and heating 24 hours; general
 * 7 working days; complex 15 working days — and the digital city management tables, which go down to 2–4
 * working hours for exposed rubbish or standing water. Administrators change all of it afterwards.
 */

const wd = (value: number): DeadlineRule => ({ value, unit: "working_days" });
const wh = (value: number): DeadlineRule => ({ value, unit: "working_hours" });
const h = (value: number): DeadlineRule => ({ value, unit: "hours" });

type Deadlines = CaseCategory["deadlines"];
/** A normal limit with the urgent and critical limits that go with it. */
function limits(normal: DeadlineRule): Deadlines {
  if (normal.unit === "working_hours" && normal.value <= 2) return { normal, urgent: wh(1), critical: h(1) };
  if (normal.unit === "working_hours") return { normal, urgent: wh(2), critical: h(1) };
  if (normal.unit === "hours") return { normal, urgent: h(Math.min(2, normal.value)), critical: h(1) };
  return { normal, urgent: wh(2), critical: h(2) };
}
const GENERAL = limits(wd(7));
const COMPLEX = limits(wd(15));
const UTILITY = limits(h(24));

interface Seed {
  code: string;
  name: string;
  deadlines?: Deadlines;
  keywords?: string[];
  public?: boolean;
  description?: string;
  attributes?: CategoryAttribute[];
}

const list = (code: string, description: string, order: number, required: boolean, values: string[], multi = false): CategoryAttribute => ({
  code,
  variable: true,
  datatype: multi ? "multivaluelist" : "singlevaluelist",
  required,
  datatype_description: multi ? "可多选" : "单选",
  order,
  description,
  values: values.map((name, i) => ({ key: String(i + 1), name })),
});
const field = (
  code: string,
  datatype: "string" | "number" | "datetime" | "text",
  description: string,
  order: number,
  required: boolean,
  hint: string | null = null,
): CategoryAttribute => ({ code, variable: true, datatype, required, datatype_description: hint, order, description, values: [] });

const FAMILIES: { family: CategoryFamily; classes: (Seed & { children: Seed[] })[] }[] = [
  {
    family: "city_part",
    classes: [
      {
        code: "BJ01",
        name: "公用设施",
        deadlines: limits(wd(3)),
        keywords: ["设施", "井盖", "路灯", "消防栓"],
        children: [
          {
            code: "BJ0101",
            name: "井盖破损缺失",
            deadlines: { normal: wh(4), urgent: wh(2), critical: h(1) },
            keywords: ["井盖", "窨井", "下水井", "雨水篦子", "井盖缺失", "井盖破损"],
          },
          {
            code: "BJ0102",
            name: "路灯损坏",
            deadlines: limits(wd(2)),
            keywords: ["路灯", "灯杆", "不亮", "照明"],
            attributes: [
              list("fault", "路灯是什么情况", 1, true, ["不亮", "白天常亮", "忽明忽暗", "灯杆倾斜或损坏"]),
              field("lamp_count", "number", "大约有几盏灯", 2, false, "填数字"),
              field("pole_number", "string", "灯杆上喷涂的编号（如有）", 3, false),
            ],
          },
          { code: "BJ0103", name: "消防栓损坏", deadlines: limits(wh(4)), keywords: ["消防栓", "消火栓", "漏水"] },
          { code: "BJ0104", name: "电力设施损坏", deadlines: UTILITY, keywords: ["电线", "电箱", "变压器", "电杆", "电缆"] },
          { code: "BJ0105", name: "供水设施损坏", deadlines: UTILITY, keywords: ["水管", "阀门", "水表井", "爆管"] },
          {
            code: "BJ0106",
            name: "燃气设施损坏",
            deadlines: { normal: h(24), urgent: h(2), critical: h(1) },
            keywords: ["燃气管", "调压箱", "煤气"],
          },
          { code: "BJ0107", name: "供热设施损坏", deadlines: UTILITY, keywords: ["暖气管", "热力", "换热站"] },
          { code: "BJ0108", name: "通信设施损坏", deadlines: limits(wd(3)), keywords: ["光缆", "通信杆", "线缆", "飞线"] },
        ],
      },
      {
        code: "BJ02",
        name: "道路交通",
        deadlines: limits(wd(3)),
        keywords: ["道路", "交通", "红绿灯"],
        children: [
          { code: "BJ0201", name: "交通信号灯故障", deadlines: limits(wh(4)), keywords: ["红绿灯", "信号灯", "交通灯"] },
          { code: "BJ0202", name: "交通标志损坏", deadlines: limits(wd(3)), keywords: ["标志牌", "指示牌", "路牌", "标线"] },
          { code: "BJ0203", name: "护栏隔离设施损坏", deadlines: limits(wd(2)), keywords: ["护栏", "隔离栏", "隔离墩", "防撞"] },
          { code: "BJ0204", name: "道路破损", deadlines: limits(wd(5)), keywords: ["坑洼", "路面", "破损", "人行道", "盲道", "路砖"] },
          { code: "BJ0205", name: "公交站亭损坏", deadlines: limits(wd(3)), keywords: ["公交站", "站亭", "站牌"] },
          { code: "BJ0206", name: "停车设施损坏", deadlines: limits(wd(5)), keywords: ["停车场", "车位", "地锁", "道闸"] },
        ],
      },
      {
        code: "BJ03",
        name: "市容环境设施",
        deadlines: limits(wd(2)),
        keywords: ["公厕", "垃圾桶", "垃圾箱"],
        children: [
          { code: "BJ0301", name: "公厕损坏", deadlines: limits(wd(1)), keywords: ["公厕", "厕所", "卫生间"] },
          { code: "BJ0302", name: "垃圾箱损坏", deadlines: limits(wd(2)), keywords: ["垃圾箱", "垃圾桶", "果皮箱"] },
          { code: "BJ0303", name: "广告牌匾损坏", deadlines: limits(wd(3)), keywords: ["牌匾", "广告牌", "招牌", "灯箱"] },
        ],
      },
      {
        code: "BJ04",
        name: "园林绿化",
        deadlines: limits(wd(5)),
        keywords: ["绿化", "树木", "草坪"],
        children: [
          { code: "BJ0401", name: "行道树倒伏", deadlines: limits(wh(4)), keywords: ["倒树", "树倒", "断枝", "树枝"] },
          { code: "BJ0402", name: "绿地损坏", deadlines: limits(wd(5)), keywords: ["绿地", "草坪", "花坛", "踩踏"] },
          { code: "BJ0403", name: "古树名木受损", deadlines: limits(wd(1)), keywords: ["古树", "名木"] },
          { code: "BJ0404", name: "护树设施损坏", deadlines: limits(wd(5)), keywords: ["树池", "树篦子", "护树"] },
        ],
      },
    ],
  },
  {
    family: "city_event",
    classes: [
      {
        code: "SJ01",
        name: "市容环境",
        deadlines: limits(wh(4)),
        keywords: ["垃圾", "卫生", "脏乱"],
        children: [
          { code: "SJ0101", name: "暴露垃圾", deadlines: limits(wh(2)), keywords: ["暴露垃圾", "垃圾", "乱扔", "垃圾堆", "没人清理"] },
          { code: "SJ0102", name: "积存垃圾渣土", deadlines: limits(wh(4)), keywords: ["渣土", "建筑垃圾", "积存"] },
          { code: "SJ0103", name: "道路不洁", deadlines: limits(wh(2)), keywords: ["路面脏", "污水", "油污", "清扫"] },
          { code: "SJ0104", name: "私搭乱建", deadlines: limits(wd(5)), keywords: ["私搭乱建", "违建", "违章建筑", "彩钢房"] },
          { code: "SJ0105", name: "露天焚烧", deadlines: limits(wh(2)), keywords: ["焚烧", "烧垃圾", "烧树叶", "冒烟"] },
          { code: "SJ0106", name: "餐饮油烟", deadlines: limits(wd(5)), keywords: ["油烟", "烧烤", "排烟"] },
          { code: "SJ0107", name: "动物尸体", deadlines: limits(wh(2)), keywords: ["动物尸体", "死猫", "死狗"] },
        ],
      },
      {
        code: "SJ02",
        name: "宣传广告",
        deadlines: limits(wh(4)),
        keywords: ["广告", "小广告"],
        children: [
          { code: "SJ0201", name: "非法小广告", deadlines: limits(wh(4)), keywords: ["小广告", "牛皮癣", "乱贴", "涂写"] },
          { code: "SJ0202", name: "违规户外广告", deadlines: limits(wd(5)), keywords: ["户外广告", "横幅", "条幅"] },
          { code: "SJ0203", name: "占道宣传", deadlines: limits(wh(4)), keywords: ["占道宣传", "发传单", "摆摊宣传"] },
        ],
      },
      {
        code: "SJ03",
        name: "施工管理",
        deadlines: limits(wd(1)),
        keywords: ["施工", "工地"],
        children: [
          { code: "SJ0301", name: "施工扰民", deadlines: limits(wd(1)), keywords: ["施工噪音", "夜间施工", "施工扰民"] },
          { code: "SJ0302", name: "道路遗撒", deadlines: limits(wh(2)), keywords: ["遗撒", "渣土车", "撒漏"] },
          { code: "SJ0303", name: "施工占道", deadlines: limits(wh(4)), keywords: ["施工占道", "围挡"] },
          { code: "SJ0304", name: "工地扬尘", deadlines: limits(wh(4)), keywords: ["扬尘", "尘土", "未覆盖"] },
        ],
      },
      {
        code: "SJ04",
        name: "街面秩序",
        deadlines: limits(wh(4)),
        keywords: ["占道", "乱停", "摆摊"],
        children: [
          { code: "SJ0401", name: "占道经营", deadlines: limits(wh(2)), keywords: ["占道经营", "摆摊", "流动摊贩", "地摊"] },
          { code: "SJ0402", name: "店外经营", deadlines: limits(wh(2)), keywords: ["店外经营", "出店经营"] },
          { code: "SJ0403", name: "乱堆物料", deadlines: limits(wh(4)), keywords: ["乱堆", "堆放", "杂物"] },
          { code: "SJ0404", name: "非机动车乱停放", deadlines: limits(wh(4)), keywords: ["共享单车", "电动车乱停", "自行车"] },
          { code: "SJ0405", name: "机动车乱停放", deadlines: limits(wh(2)), keywords: ["乱停车", "违停", "堵路", "占用消防通道"] },
        ],
      },
      {
        code: "SJ05",
        name: "突发事件",
        deadlines: { normal: h(2), urgent: h(1), critical: h(1) },
        keywords: ["突发", "险情"],
        children: [
          {
            code: "SJ0501",
            name: "道路积水",
            deadlines: limits(wh(2)),
            keywords: ["积水", "内涝", "淹水", "下水道堵"],
            attributes: [
              list("depth", "积水大约多深", 1, true, ["没过鞋面", "没过小腿", "没过膝盖或更深"]),
              list("traffic", "是否影响通行", 2, false, ["行人难以通过", "车辆难以通过", "暂不影响"]),
            ],
          },
          {
            code: "SJ0502",
            name: "路面塌陷",
            deadlines: { normal: h(2), urgent: h(1), critical: h(1) },
            keywords: ["塌陷", "地陷", "大坑"],
          },
          {
            code: "SJ0503",
            name: "燃气泄漏",
            deadlines: { normal: h(1), urgent: h(1), critical: h(1) },
            keywords: ["燃气泄漏", "煤气味", "漏气"],
          },
          {
            code: "SJ0504",
            name: "水管爆裂",
            deadlines: { normal: h(2), urgent: h(1), critical: h(1) },
            keywords: ["爆管", "水管爆裂", "跑水"],
          },
          { code: "SJ0505", name: "积雪结冰", deadlines: limits(wh(4)), keywords: ["积雪", "结冰", "路滑", "冰面"] },
        ],
      },
    ],
  },
  {
    family: "social",
    classes: [
      {
        code: "SH01",
        name: "矛盾纠纷",
        deadlines: GENERAL,
        keywords: ["纠纷", "矛盾", "调解"],
        children: [
          {
            code: "SH0101",
            name: "邻里纠纷",
            deadlines: GENERAL,
            keywords: ["邻居", "邻里", "楼上", "楼下", "漏水到楼下"],
            attributes: [field("mediated", "text", "是否已找过物业或社区调解？结果如何", 1, false)],
          },
          { code: "SH0102", name: "婚姻家庭纠纷", deadlines: GENERAL, keywords: ["家庭", "婚姻", "赡养", "抚养"] },
          { code: "SH0103", name: "劳资纠纷", deadlines: COMPLEX, keywords: ["欠薪", "拖欠工资", "工资", "劳动合同"] },
          { code: "SH0104", name: "房屋土地纠纷", deadlines: COMPLEX, keywords: ["房屋", "宅基地", "产权", "租房纠纷"] },
          { code: "SH0105", name: "消费纠纷", deadlines: GENERAL, keywords: ["消费", "退款", "商家", "预付卡"] },
        ],
      },
      {
        code: "SH02",
        name: "信访",
        deadlines: COMPLEX,
        keywords: ["信访", "上访", "反映"],
        children: [
          { code: "SH0201", name: "来信来访", deadlines: COMPLEX, public: false, keywords: ["来信", "来访", "信访件"] },
          { code: "SH0202", name: "政策咨询", deadlines: GENERAL, keywords: ["政策", "咨询", "怎么办理"] },
          { code: "SH0203", name: "投诉举报", deadlines: COMPLEX, keywords: ["投诉", "举报"] },
        ],
      },
      {
        code: "SH03",
        name: "治安隐患",
        deadlines: limits(wd(1)),
        keywords: ["安全", "隐患", "治安"],
        children: [
          { code: "SH0301", name: "消防安全隐患", deadlines: limits(wd(1)), keywords: ["消防", "消防通道", "灭火器", "火灾隐患"] },
          { code: "SH0302", name: "电动车违规充电", deadlines: limits(wd(1)), keywords: ["飞线充电", "楼道充电", "电动车充电", "电瓶"] },
          { code: "SH0303", name: "高空坠物隐患", deadlines: limits(wd(1)), keywords: ["高空坠物", "高空抛物", "外墙脱落", "空调外机"] },
          { code: "SH0304", name: "可疑情况", deadlines: limits(wh(4)), keywords: ["可疑", "陌生人", "撬锁"] },
        ],
      },
      {
        code: "SH04",
        name: "物业管理",
        deadlines: GENERAL,
        keywords: ["物业", "小区"],
        children: [
          {
            code: "SH0401",
            name: "电梯故障",
            deadlines: UTILITY,
            keywords: ["电梯", "困人", "停运"],
            attributes: [
              list("trapped", "是否有人被困", 1, true, ["有人被困", "无人被困"]),
              field("building", "string", "楼栋和单元", 2, false, "如 3号楼2单元"),
            ],
          },
          { code: "SH0402", name: "小区环境卫生", deadlines: limits(wd(3)), keywords: ["小区卫生", "楼道卫生", "垃圾清运"] },
          { code: "SH0403", name: "物业服务", deadlines: GENERAL, keywords: ["物业费", "物业服务", "保安", "保洁"] },
          { code: "SH0404", name: "小区停车", deadlines: GENERAL, keywords: ["小区停车", "车位", "乱停"] },
          { code: "SH0405", name: "楼道堆物", deadlines: limits(wd(3)), keywords: ["楼道", "堆物", "杂物", "占用楼道"] },
        ],
      },
      {
        code: "SH05",
        name: "民生服务",
        deadlines: GENERAL,
        keywords: ["民生", "服务"],
        children: [
          {
            code: "SH0501",
            name: "停水",
            deadlines: UTILITY,
            keywords: ["停水", "没水", "水压低", "自来水"],
            attributes: [
              field("since", "datetime", "从什么时候开始", 1, true),
              list("extent", "影响范围", 2, false, ["本户", "本单元", "整栋楼", "整个小区"]),
            ],
          },
          {
            code: "SH0502",
            name: "停电",
            deadlines: UTILITY,
            keywords: ["停电", "没电", "跳闸"],
            attributes: [
              field("since", "datetime", "从什么时候开始", 1, true),
              list("extent", "影响范围", 2, false, ["本户", "本单元", "整栋楼", "整个小区"]),
            ],
          },
          { code: "SH0503", name: "燃气供应", deadlines: UTILITY, keywords: ["燃气", "天然气", "煤气", "停气"] },
          { code: "SH0504", name: "供暖", deadlines: UTILITY, keywords: ["暖气", "供暖", "不热", "采暖"] },
          {
            code: "SH0505",
            name: "噪音扰民",
            deadlines: limits(wd(3)),
            keywords: ["噪音", "扰民", "吵", "广场舞"],
            attributes: [list("period", "什么时间段", 1, false, ["白天", "夜间（22时后）", "凌晨"], true)],
          },
          { code: "SH0506", name: "社会保障", deadlines: GENERAL, keywords: ["低保", "医保", "社保", "养老金"] },
          { code: "SH0507", name: "就业帮扶", deadlines: GENERAL, keywords: ["就业", "找工作", "培训"] },
          { code: "SH0508", name: "办事咨询", deadlines: GENERAL, keywords: ["办事", "证明", "居住证", "咨询"] },
        ],
      },
      {
        code: "SH06",
        name: "特殊人群关爱",
        deadlines: limits(wd(2)),
        keywords: ["关爱", "帮扶", "困难"],
        children: [
          { code: "SH0601", name: "独居老人关爱", deadlines: limits(wd(2)), keywords: ["独居老人", "空巢老人", "老人"] },
          { code: "SH0602", name: "困难家庭救助", deadlines: GENERAL, keywords: ["困难家庭", "救助", "生活困难"] },
          { code: "SH0603", name: "残疾人帮扶", deadlines: GENERAL, keywords: ["残疾人", "无障碍", "轮椅"] },
          { code: "SH0604", name: "留守儿童关爱", deadlines: GENERAL, keywords: ["留守儿童", "未成年人", "孩子"] },
          { code: "SH0605", name: "社区矫正与安置帮教", deadlines: GENERAL, public: false, keywords: ["社区矫正", "安置帮教"] },
        ],
      },
      {
        code: "SH07",
        name: "其他诉求",
        deadlines: GENERAL,
        keywords: [],
        children: [
          { code: "SH0701", name: "意见建议", deadlines: COMPLEX, keywords: ["建议", "意见"] },
          { code: "SH0799", name: "其他", deadlines: GENERAL, keywords: [] },
        ],
      },
    ],
  },
];

/** The seeded category table, parents first. */
export function seedCategories(): CaseCategory[] {
  const out: CaseCategory[] = [];
  for (const { family, classes } of FAMILIES) {
    for (const c of classes) {
      const make = (s: Seed, parentCode: string | null): CaseCategory => ({
        code: s.code,
        name: s.name,
        parentCode,
        family,
        description: s.description ?? "",
        keywords: s.keywords ?? [],
        public: s.public ?? true,
        deadlines: s.deadlines ?? GENERAL,
        attributes: s.attributes ?? [],
        active: true,
        sort: out.length * 10 + 10,
        autoEscalate: null,
      });
      out.push(make(c, null));
      for (const child of c.children) out.push(make(child, c.code));
    }
  }
  return out;
}

/** Loads the seeded categories unless this database loaded them before (once ever). Returns how many were added. */
export async function seedCategoryTable(q: Queryable): Promise<number> {
  const claim = await q.query("INSERT INTO reference_data_loads (key) VALUES ('categories') ON CONFLICT DO NOTHING RETURNING key");
  if (!claim.rows.length) return 0;
  let n = 0;
  for (const c of seedCategories()) if (await insertCategory(q, c, { ignoreExisting: true })) n++;
  return n;
}

/**
 * The reference data of the 民情 loop: the category table and every year of the holiday calendar the
 * `chinese-days` package holds, each loaded once per database. Runs at boot after the migrations; safe with
 * several processes booting at once.
 */
export async function ensureReferenceData(deps: Pick<Deps, "db">): Promise<void> {
  await deps.db.tx(async (q) => {
    await q.query("SELECT pg_advisory_xact_lock(hashtext('gongzhi:reference-data'))");
    await seedCategoryTable(q);
    await seedCalendarDays(q);
  });
}

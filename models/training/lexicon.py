"""Word groups for the lexical head: a message containing words of a group gets that group's feature, so
the head can carry what it learned from some words of a group to the others, which the templates may
never use. Written by the project from general shop vocabulary (no evaluation text). Shipped inside
lexical-head.json (`lexicon`), matched by src/nlu/bert/lexical-head.js the same way as lexical.py.
Words are matched as substrings of the normalised message, so very short or ambiguous ones are left out."""

LEXICON = {
    "anger": "生气 愤怒 气死 气人 恼火 火大 不爽 无语 心寒 失望 寒心 过分 离谱 太差 很差 真差 垃圾 坑人 坑爹 骗子 欺骗 "
             "忽悠 投诉 差评 12315 曝光 维权 工商 消协 举报 什么态度 态度差 不满 郁闷 崩溃 受够 恶心 黑店 奸商 凭什么 "
             "凭啥 霸王 说法 交代 欺负 敷衍 推脱 踢皮球",
    "thanks": "谢谢 感谢 多谢 辛苦 太好了 耐心 贴心 靠谱 给力 点赞 好评 3q thx thanks 谢啦 谢了 麻烦你了 有心了 服务好 "
              "服务真好 再见 拜拜 回见",
    "affirm": "好的 可以 没问题 好滴 好嘞 安排 确认 是的 对的 没错 同意 就这样 好呀 好吧 处理吧 看着办",
    "deny": "不用 不要 算了 不了 不需要 不必 别了 不想 不是 没有",
    "greeting": "在吗 你好 您好 hello 哈喽 有人吗 在不在 在么 客服 掌柜 老板",
    "refund": "退款 退钱 退货 退回 返还 钱退 退了 退掉 退一下 退换 换货 七天无理由 无理由 寄回 上门取件",
    "fault": "坏 碎 裂 漏 不工作 开不了机 没反应 故障 维修 保修 失灵 不亮 不转 异响 掉色 起球 开线 变形 过敏 发霉 变质 "
             "异味 划痕 瑕疵 少了 配件 零件 说明书 安装 师傅 售后",
    "ship": "快递 物流 发货 到货 送到 几天到 派送 签收 驿站 单号 顺丰 中通 圆通 韵达 申通 京东快递 邮政 ems 运输 揽收 "
            "配送 什么时候到 到哪 还没到 发了吗",
    "price": "便宜 优惠 折扣 券 满减 活动 价格 多少钱 降价 保价 价保 差价 打折 促销 秒杀 赠品 红包 积分 会员价 包邮 "
             "返现 618 双11 双十一 少点 再少",
    "stock": "有货 没货 缺货 现货 库存 补货 到货通知 还有吗 有没有 还有没有 断货 售罄 卖完",
    "product": "材质 成分 尺寸 尺码 大小 颜色 重量 功能 怎么用 使用方法 保质期 产地 正品 真假 质量 效果 适合 能用吗 区别 "
               "参数 型号 容量 味道",
    "buy": "怎么买 怎么拍 下单 拍下 购物车 加购 结算 选规格 拍不了 买不了 怎么付 预售 定金 拼单 凑单",
    "order_change": "改地址 修改地址 改收货 改电话 改订单 修改订单 取消订单 备注 合并 分开发 拦截 追回 改尺码 改颜色 "
                    "换个颜色 换个尺码",
    "pay": "付款 支付 付不了 支付失败 扣款 扣了钱 花呗 白条 信用卡 微信支付 支付宝 余额 分期 付了 重复扣",
    "invoice": "发票 开票 专票 普票 抬头 税号 电子发票 纸质发票 增值税",
    "human": "人工 真人 转人工 人工客服 找客服 客服电话 联系方式 打电话 机器人 人呢",
    "unsub": "退订 取消订阅 别发了 不要再发 别再发 烦死 骚扰 拉黑 屏蔽 不想收到 取消关注",
    "other_shop": "别家 其他家 别的店 隔壁 拼多多 淘宝 天猫 抖音 不是你家 不是在你",
}
LEXICON = {group: words.split() for group, words in LEXICON.items()}

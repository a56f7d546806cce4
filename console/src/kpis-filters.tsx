import { Button, DatePicker, Segmented, Select, Space } from 'antd';
import type { KpiPeriod } from './kpis-api';
import { channelLabel } from './kpis-format';
import type { KpiMessages } from './kpis-messages';

/** The period choices: the last 7 or 30 shop-local days, or a custom range of dates. */
export type PeriodChoice = 'last7' | 'last30' | 'custom';

const KNOWN_CHANNELS = ['web', 'wechat-official', 'wechat-mini', 'wecom-kf', 'wechaty'];
const DAY_MS = 86_400_000;

/** The period to ask for, or undefined while a custom range is not picked yet. */
export function periodOf(choice: PeriodChoice, range: [string, string] | undefined): KpiPeriod | undefined {
  if (choice === 'last7') return { days: 7 };
  if (choice === 'last30') return { days: 30 };
  return range ? { from: range[0], to: range[1] } : undefined;
}

interface FilterProps {
  t: KpiMessages;
  choice: PeriodChoice;
  onChoice(choice: PeriodChoice): void;
  onRange(range: [string, string]): void;
  channel: string;
  /** Channels seen in reports besides the known doors. */
  seenChannels: string[];
  onChannel(channel: string): void;
  onRefresh(): void;
  loading: boolean;
}

/** 近7天 / 近30天 / 自定义 (a date range of at most 366 days, not in the future), the channel and 刷新. */
export function KpiFilters(p: FilterProps) {
  const channels = [...new Set([...KNOWN_CHANNELS, ...p.seenChannels])];
  return (
    <Space wrap>
      <Segmented<PeriodChoice>
        id="kpi-period"
        value={p.choice}
        onChange={p.onChoice}
        options={[
          { value: 'last7', label: p.t.last7 },
          { value: 'last30', label: p.t.last30 },
          { value: 'custom', label: p.t.custom },
        ]}
      />
      {p.choice === 'custom' && (
        <DatePicker.RangePicker
          id="kpi-range"
          allowClear={false}
          disabledDate={(day, info) =>
            day.valueOf() > Date.now() || (info.from !== undefined && Math.abs(day.valueOf() - info.from.valueOf()) >= 366 * DAY_MS)
          }
          onChange={(values) => {
            if (values?.[0] && values[1]) p.onRange([values[0].format('YYYY-MM-DD'), values[1].format('YYYY-MM-DD')]);
          }}
        />
      )}
      <Select
        id="kpi-channel"
        style={{ minWidth: 180 }}
        value={p.channel}
        onChange={p.onChannel}
        options={[{ value: '', label: p.t.allChannels }, ...channels.map((c) => ({ value: c, label: channelLabel(c, p.t) }))]}
      />
      <Button id="kpi-refresh" onClick={p.onRefresh} loading={p.loading}>
        {p.t.refresh}
      </Button>
    </Space>
  );
}

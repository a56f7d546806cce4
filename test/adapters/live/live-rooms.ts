import path from 'node:path';
import { loadLiveFlow, type LiveRoomConfig } from '../../../adapters/live';

/** The shipped live flow file. */
export const ANSWERS = path.join(__dirname, '..', '..', '..', 'flows', 'live', 'answers.yaml');

/** Two products on sale, as a rooms file lists them. */
export const PRODUCTS = [
  { id: 'P1001', link: 1, title: '加绒连帽卫衣', aliases: ['卫衣'] },
  { id: 'P1002', link: 2, title: '高腰直筒牛仔裤', aliases: ['牛仔裤'] },
];

/** A room configuration for tests, with the shipped flow file. */
export function testRoom(parts: Partial<LiveRoomConfig> & Pick<LiveRoomConfig, 'id' | 'platform'>): LiveRoomConfig {
  return { title: '测试直播间', products: PRODUCTS, flow: loadLiveFlow(ANSWERS), ...parts };
}

import { OneMap } from './one-map.js';

export default function MapPage() {
  return <OneMap />;
}

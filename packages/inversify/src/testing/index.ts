export {
  type SourceSwap,
  swapRandomSource,
  useDeterministicSource,
  useScriptedSource,
} from "./swap-random-source.js";

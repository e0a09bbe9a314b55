/**
 * Every provider passes the same contract: the simulated one in-process, and
 * the real Alibaba Cloud provider against the simulated cloud served over
 * Alibaba Cloud's wire protocols (`onboard sim serve`) on 127.0.0.1.
 */
import { describeProviderContract } from './contract.js';
import { aliyunWorld, simulatedWorld } from './worlds.js';

describeProviderContract('simulated', simulatedWorld);
describeProviderContract('aliyun (sim serve)', aliyunWorld);

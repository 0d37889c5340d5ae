# Independent reference for the hand-computed neuron traces in tests/unit/test_neuron_fixed.cpp.
MAX=(1<<23)-1; MIN=-(1<<23)
def sat(x): return max(MIN,min(MAX,x))
def rsr(y,s): return (y + (1<<(s-1))) >> s   # python >> is arithmetic floor
def decay(x,d): return x - rsr(x*d,12)
def lfsr(s): return (s>>1) ^ (0xB400 if s&1 else 0)
def run(inputs, du,dv,theta,bias,refrac,reset,stoch=False,seed=1,lut=None,shift=0):
    u=v=ref=0; l=seed; out=[]
    for a in inputs:
        u=sat(decay(u,du)+a); spike=0
        if ref>0: ref-=1
        else:
            v=sat(decay(v,dv)+u+bias)
            if not stoch:
                if v>=theta:
                    spike=1; v = 0 if reset=='zero' else v-theta; ref=refrac
            else:
                l=lfsr(l); idx=max(-128,min(127,v>>shift))+128
                spike = 1 if l < lut[idx] else 0
        out.append((u,v,ref,spike))
    return out
A=[300,0,0,200,0,0,0,500,0,0,0,0,-400,0,0,100,100,100,0,0]
print("zero", run(A,1024,512,1000,10,2,'zero'))
print("sub", run([2*a for a in A],1024,512,1000,10,0,'sub'))
S=[8000000]*5+[-8000000]*10+[0]*5
print("satpos", run(S,0,0,MAX,0,0,'sub'))
print("satneg", run([-8000000]*20,2048,4,1000,-3,0,'zero'))
lut=[i*256 for i in range(256)]
print("stoch", run([40,0,0,0,-30]*4,1024,1024,1000,5,3,'zero',True,0xACE1,lut,2))
# negative decay rounding: -1 * 2048 / 4096 = -0.5 -> rounds up to 0
print("neg", decay(-1,2048), decay(-3,2048), decay(-5,1024), rsr(-2048,12), rsr(-2049,12), rsr(-6144,12))
